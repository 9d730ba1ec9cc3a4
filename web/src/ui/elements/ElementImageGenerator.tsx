/**
 * "Generate image" on an element card (FEATURES §3): a 1024² picture from the element's type
 * template, stored in the media library and added to the element's reference images (one undo
 * entry). Progress and cancel show on the card; a failure stays in words until the next try.
 */
import { Show, createSignal, type JSX } from "solid-js";
import type { Element } from "@milimo/shared/schema";
import type { ApiClient } from "../../api/client";
import { formatEta } from "../../jobs/jobs-state";
import { useStudio } from "../../store/context";
import { randomSeed } from "../images/image-form";
import { createImageJobRunner } from "../images/image-job";
import { elementImagePlan } from "./element-image-plan";

export function ElementImageGenerator(props: { element: Element; api: ApiClient }): JSX.Element {
  const store = useStudio();
  // eslint-disable-next-line solid/reactivity -- one api client for the panel's life
  const runner = createImageJobRunner({ store, api: props.api });
  const [failure, setFailure] = createSignal<string | null>(null);

  const generate = async () => {
    setFailure(null);
    const { element } = props;
    const plan = elementImagePlan({ element, seed: randomSeed() });
    const outcome = await runner.run({ plan, name: `${element.name} · reference.png` });
    if (!outcome.ok) {
      setFailure(outcome.message);
      return;
    }
    const kept = store.actions.element.addReferenceImage({
      elementId: element.id,
      mediaId: outcome.mediaId,
    });
    if (!kept) setFailure("The element was deleted; the image is still in the library.");
  };

  return (
    <>
      <Show
        when={runner.progress()}
        fallback={
          <button
            type="button"
            data-testid="element-generate-image"
            title="Generate a 1024×1024 reference image from the description"
            onClick={() => void generate()}
          >
            Generate image
          </button>
        }
      >
        {p => (
          <div class="el-gen" role="status" data-testid="element-image-progress">
            <progress max={1} value={p().fraction} />
            <span>{p().message}</span>
            <Show when={formatEta(p().etaSeconds)}>{eta => <span>about {eta()} left</span>}</Show>
            <button
              type="button"
              data-testid="element-image-cancel"
              onClick={() => void runner.cancel()}
            >
              Cancel
            </button>
          </div>
        )}
      </Show>
      <Show when={failure()}>
        {message => (
          <p class="el-error el-gen__error" role="alert" data-testid="element-image-error">
            {message()}
          </p>
        )}
      </Show>
    </>
  );
}
