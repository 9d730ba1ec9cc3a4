/**
 * The Images view (FEATURES §4, §12): text → image with a negative prompt, size, steps, guidance
 * and seed, @trigger autocomplete and insert, reference images from the library; progress with
 * ETA and cancel; results land in the media library as generated images, listed newest first.
 */
import { For, Show, createEffect, createMemo, createSignal, untrack, type JSX } from "solid-js";
import { makeApiClient } from "../../api/client";
import type { MediaRecord } from "../../db/records";
import { formatEta } from "../../jobs/jobs-state";
import { useStudio } from "../../store/context";
import {
  DEFAULT_IMAGE_FORM,
  insertTrigger,
  planImageJob,
  randomSeed,
  suggestTriggers,
  triggerQueryAt,
  type FormElement,
  type ImageForm,
} from "./image-form";
import { createImageJobRunner } from "./image-job";
import { listGeneratedImages } from "./image-results";
import "./images.css";

type NumberField = "width" | "height" | "steps" | "guidance" | "seed";

const NUMBER_FIELDS: { key: NumberField; label: string; step: number; min: number }[] = [
  { key: "width", label: "Width", step: 32, min: 64 },
  { key: "height", label: "Height", step: 32, min: 64 },
  { key: "steps", label: "Steps", step: 1, min: 1 },
  { key: "guidance", label: "Guidance", step: 0.5, min: 1 },
];

/** The library file name of a generated image: "Image · <first words of the prompt>.png". */
export function imageNameFor(prompt: string): string {
  const words = prompt.trim().replace(/\s+/g, " ").slice(0, 40).trim();
  return `Image · ${words || "untitled"}.png`;
}

export function ImagesView(): JSX.Element {
  const store = useStudio();
  const { state } = store;
  const api = makeApiClient({ config: { ...untrack(() => state.server.config) } });
  createEffect(() => api.configure({ ...state.server.config }));
  const runner = createImageJobRunner({ store, api });
  const [form, setForm] = createSignal<ImageForm>({ ...DEFAULT_IMAGE_FORM });
  const [errors, setErrors] = createSignal<Partial<Record<keyof ImageForm, string>>>({});
  const [failure, setFailure] = createSignal<{ message: string; cancelled: boolean } | null>(null);
  const [cursor, setCursor] = createSignal(0);
  const [focused, setFocused] = createSignal(false);
  let promptBox: HTMLTextAreaElement | undefined;

  const patch = (fields: Partial<ImageForm>) => setForm(f => ({ ...f, ...fields }));
  const elements = createMemo((): FormElement[] =>
    state.elements.order.map(id => state.elements.byId[id]).filter(e => e !== undefined),
  );
  const libraryImages = createMemo(() =>
    state.project.media.order
      .map(id => state.project.media.byId[id])
      .filter((m): m is MediaRecord => m?.kind === "image"),
  );
  const results = createMemo(() => listGeneratedImages(libraryImages()));
  const thumb = (id: string) => state.project.urls[id]?.thumbnail ?? state.project.urls[id]?.media;

  const query = () => (focused() ? triggerQueryAt(form().prompt, cursor()) : null);
  const suggestions = () => {
    const q = query();
    return q ? suggestTriggers(elements(), q.query) : [];
  };

  const insert = (trigger: string) => {
    const next = insertTrigger({ text: form().prompt, cursor: cursor(), trigger });
    patch({ prompt: next.text });
    setCursor(next.cursor);
    if (promptBox) {
      promptBox.value = next.text;
      promptBox.focus();
      promptBox.setSelectionRange(next.cursor, next.cursor);
    }
  };

  const toggleReference = (mediaId: string) => {
    const ids = form().referenceMediaIds;
    patch({
      referenceMediaIds: ids.includes(mediaId) ? ids.filter(i => i !== mediaId) : [...ids, mediaId],
    });
  };

  const generate = async () => {
    setFailure(null);
    const result = planImageJob({
      form: form(),
      elements: elements(),
      isImage: id => state.project.media.byId[id]?.kind === "image",
    });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    const outcome = await runner.run({ plan: result.plan, name: imageNameFor(form().prompt) });
    if (!outcome.ok) setFailure({ message: outcome.message, cancelled: outcome.cancelled });
  };

  const fieldError = (key: keyof ImageForm) => (
    <Show when={errors()[key]}>
      {message => (
        <span class="img-error" data-testid="image-field-error" data-field={key}>
          {message()}
        </span>
      )}
    </Show>
  );

  return (
    <section class="img-view" data-testid="images-view" aria-label="Image generation">
      <form
        class="img-form"
        // The schema's messages ("Width must be a multiple of 32") replace the browser's bubbles.
        noValidate
        onSubmit={event => {
          event.preventDefault();
          if (!runner.progress()) void generate();
        }}
      >
        <h2>Generate an image</h2>
        <label class="img-prompt">
          Prompt
          <textarea
            ref={el => (promptBox = el)}
            rows={4}
            data-testid="image-prompt"
            placeholder="A lighthouse at dawn… type @ to insert a story element"
            value={form().prompt}
            onInput={e => {
              patch({ prompt: e.currentTarget.value });
              setCursor(e.currentTarget.selectionStart);
            }}
            onKeyUp={e => setCursor(e.currentTarget.selectionStart)}
            onClick={e => setCursor(e.currentTarget.selectionStart)}
            onFocus={() => setFocused(true)}
            onBlur={() => setTimeout(() => setFocused(false), 150)}
            onKeyDown={e => {
              const first = suggestions()[0];
              if ((e.key === "Tab" || e.key === "Enter") && first) {
                e.preventDefault();
                insert(first.trigger);
              }
            }}
          />
          <Show when={suggestions().length > 0}>
            <ul class="img-suggest" role="listbox" data-testid="image-suggestions">
              <For each={suggestions()}>
                {element => (
                  <li
                    role="option"
                    aria-selected="false"
                    data-testid="image-suggestion"
                    onMouseDown={e => {
                      e.preventDefault();
                      insert(element.trigger);
                    }}
                  >
                    <code>{element.trigger}</code> {element.name}
                  </li>
                )}
              </For>
            </ul>
          </Show>
          {fieldError("prompt")}
        </label>
        <div class="img-triggers" data-testid="image-triggers">
          <Show
            when={elements().length > 0}
            fallback={<span class="img-muted">No story elements yet: add them in Elements.</span>}
          >
            <span class="img-muted">Insert:</span>
            <For each={elements()}>
              {element => (
                <button
                  type="button"
                  class="img-chip"
                  data-testid="image-trigger"
                  title={`Insert ${element.trigger} (${element.name})`}
                  onClick={() => insert(element.trigger)}
                >
                  {element.trigger}
                </button>
              )}
            </For>
          </Show>
        </div>
        <label>
          Negative prompt
          <textarea
            rows={2}
            data-testid="image-negative"
            value={form().negativePrompt}
            onInput={e => patch({ negativePrompt: e.currentTarget.value })}
          />
        </label>
        <div class="img-numbers">
          <For each={NUMBER_FIELDS}>
            {field => (
              <label>
                {field.label}
                <input
                  type="number"
                  step={field.step}
                  min={field.min}
                  data-testid={`image-${field.key}`}
                  value={form()[field.key]}
                  onInput={e => patch({ [field.key]: e.currentTarget.valueAsNumber })}
                />
                {fieldError(field.key)}
              </label>
            )}
          </For>
          <label>
            Seed
            <span class="img-seed">
              <input
                type="number"
                min={0}
                step={1}
                data-testid="image-seed"
                value={form().seed}
                onInput={e => patch({ seed: e.currentTarget.valueAsNumber })}
              />
              <button
                type="button"
                class="button"
                data-testid="image-seed-random"
                title="A new random seed"
                onClick={() => patch({ seed: randomSeed() })}
              >
                Random
              </button>
            </span>
            {fieldError("seed")}
          </label>
        </div>
        <fieldset class="img-refs">
          <legend>Reference images</legend>
          <Show
            when={libraryImages().length > 0}
            fallback={<span class="img-muted">Import images into the library to use them.</span>}
          >
            <For each={libraryImages()}>
              {media => (
                <button
                  type="button"
                  class="img-ref"
                  data-testid="image-ref-option"
                  data-media-id={media.id}
                  aria-pressed={form().referenceMediaIds.includes(media.id)}
                  title={media.name}
                  onClick={() => toggleReference(media.id)}
                >
                  <img src={thumb(media.id)} alt={media.name} />
                </button>
              )}
            </For>
          </Show>
        </fieldset>
        <div class="img-actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="image-generate"
            disabled={runner.progress() !== null}
          >
            Generate
          </button>
          <Show when={runner.progress()}>
            {p => (
              <div class="img-progress" role="status" data-testid="image-progress">
                <progress max={1} value={p().fraction} />
                <span data-testid="image-progress-message">{p().message}</span>
                <Show when={formatEta(p().etaSeconds)}>
                  {eta => <span data-testid="image-eta">about {eta()} left</span>}
                </Show>
                <button
                  type="button"
                  class="button"
                  data-testid="image-cancel"
                  onClick={() => void runner.cancel()}
                >
                  Cancel
                </button>
              </div>
            )}
          </Show>
        </div>
        <Show when={failure()}>
          {f => (
            <Show
              when={!f().cancelled}
              fallback={
                <p class="img-muted" role="status" data-testid="image-cancelled">
                  {f().message} Nothing was added to the library.
                </p>
              }
            >
              <p class="img-failure" role="alert" data-testid="image-error">
                {f().message}
              </p>
            </Show>
          )}
        </Show>
      </form>
      <div class="img-results">
        <h2>Generated images</h2>
        <Show
          when={results().length > 0}
          fallback={<p class="img-muted">Generated images appear here and in the library.</p>}
        >
          <ul class="img-grid" data-testid="image-results">
            <For each={results()}>
              {media => (
                <li data-testid="image-result" data-media-id={media.id}>
                  <img src={thumb(media.id)} alt={media.name} />
                  <span>
                    {media.name} · {media.width}×{media.height}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </section>
  );
}
