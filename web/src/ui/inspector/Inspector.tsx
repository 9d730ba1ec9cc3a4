/**
 * The inspector: the selected clip's shot (prompt and generation parameters) and the clip's own
 * properties (trim, start, opacity/offset/scale on V2, gain on A1). Each field is validated with
 * the shared schemas when it is committed (change/blur/Enter); a bad value stays in the field with
 * the schema's message next to it and never reaches the store. Video clips also list their masks
 * and tracked objects (InspectorMasks).
 */
import { For, Show, createMemo, createSignal, type JSX } from "solid-js";
import type { Shot, TimelineItem } from "@milimo/shared/schema";
import { useStudio } from "../../store/context";
import { selectTimeline } from "../../store/selectors";
import {
  SHOT_FIELDS,
  clipFieldsFor,
  parseClipField,
  parseShotField,
  type FieldDef,
} from "./inspector-fields";
import { InspectorMasks } from "./InspectorMasks";
import "./inspector.css";

export function Inspector(): JSX.Element {
  const { state } = useStudio();
  const selectors = selectTimeline(state);
  const selectedId = createMemo(() => {
    const id = state.playback.selection[0];
    return id && selectors.placementById().has(id) ? id : null;
  });
  return (
    <aside class="insp" data-testid="inspector" aria-label="Inspector">
      <Show
        when={selectedId()}
        keyed
        fallback={
          <p class="insp__empty" data-testid="inspector-empty">
            Select a clip on the timeline to edit it.
          </p>
        }
      >
        {id => <SelectedClip itemId={id} />}
      </Show>
    </aside>
  );
}

/** Keyed by clip id, so field errors reset when another clip is selected. */
function SelectedClip(props: { itemId: string }): JSX.Element {
  const { state } = useStudio();
  const selectors = selectTimeline(state);
  const item = createMemo(() => selectors.placementById().get(props.itemId)?.item ?? null);
  const shot = () => {
    const i = item();
    return i ? selectors.shotOf(i) : null;
  };
  return (
    <>
      <Show when={state.playback.selection.length > 1}>
        <p class="insp__note">
          {state.playback.selection.length} clips selected — editing the first.
        </p>
      </Show>
      <Show when={shot()}>{s => <ShotSection shot={s()} />}</Show>
      <Show when={item()}>{i => <ClipSection item={i()} />}</Show>
    </>
  );
}

function ShotSection(props: { shot: Shot }): JSX.Element {
  const { actions } = useStudio();
  return (
    <section class="insp__section" data-testid="inspector-shot">
      <h3>Shot</h3>
      <For each={SHOT_FIELDS}>
        {def => (
          <Field
            def={def}
            scope="shot"
            value={props.shot[def.key]}
            parse={raw => parseShotField(def, raw)}
            commit={value => {
              const result = actions.shot.update(props.shot.id, { [def.key]: value });
              return result.ok
                ? null
                : (result.errors[def.key] ?? Object.values(result.errors)[0] ?? null);
            }}
          />
        )}
      </For>
    </section>
  );
}

function ClipSection(props: { item: TimelineItem }): JSX.Element {
  const { state, actions } = useStudio();
  const locked = () =>
    state.tracks.timeline.tracks.some(t => t.id === props.item.track && t.locked);
  return (
    <section class="insp__section" data-testid="inspector-clip">
      <h3>
        Clip <span class="insp__track">{props.item.track}</span>
      </h3>
      <Show when={locked()}>
        <p class="insp__note">Track {props.item.track} is locked; unlock it to edit this clip.</p>
      </Show>
      <For each={clipFieldsFor(props.item.track)}>
        {def => (
          <Field
            def={def}
            scope="clip"
            disabled={locked()}
            value={props.item[def.key]}
            parse={raw => parseClipField(def, raw)}
            commit={value => {
              const result = actions.track.updateItem({
                itemId: props.item.id,
                patch: { [def.key]: value },
              });
              return result.ok
                ? null
                : (result.errors[def.key] ?? Object.values(result.errors)[0] ?? null);
            }}
          />
        )}
      </For>
      <Show when={props.item.track !== "A1"}>
        <InspectorMasks item={props.item} locked={locked()} />
      </Show>
    </section>
  );
}

interface FieldProps<K extends string> {
  def: FieldDef<K>;
  scope: "shot" | "clip";
  value: unknown;
  disabled?: boolean;
  parse: (raw: string | boolean) => { ok: true; value: unknown } | { ok: false; error: string };
  /** Applies a valid value; may return a message when the store refuses it (cross-field rules). */
  commit: (value: unknown) => string | null | void;
}

function Field<K extends string>(props: FieldProps<K>): JSX.Element {
  const [error, setError] = createSignal<string | null>(null);
  const id = () => `insp-${props.scope}-${props.def.key}`;
  const testId = () => `field-${props.def.key}`;
  const onCommit = (raw: string | boolean) => {
    const parsed = props.parse(raw);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(props.commit(parsed.value) ?? null);
  };
  const text = () => {
    const v = props.value;
    return typeof v === "string" || typeof v === "number" ? String(v) : "";
  };

  const control = (): JSX.Element => {
    switch (props.def.input) {
      case "textarea":
        return (
          <textarea
            id={id()}
            data-testid={testId()}
            value={text()}
            rows={3}
            disabled={props.disabled}
            aria-invalid={error() ? "true" : "false"}
            onChange={e => onCommit(e.currentTarget.value)}
          />
        );
      case "checkbox":
        return (
          <input
            id={id()}
            type="checkbox"
            data-testid={testId()}
            checked={props.value === true}
            disabled={props.disabled}
            onChange={e => onCommit(e.currentTarget.checked)}
          />
        );
      case "select":
        return (
          <select
            id={id()}
            data-testid={testId()}
            value={text()}
            disabled={props.disabled}
            onChange={e => onCommit(e.currentTarget.value)}
          >
            <For each={props.def.options ?? []}>
              {o => <option value={o}>{o.replace("_", " ")}</option>}
            </For>
          </select>
        );
      case "number":
      case "text":
        return (
          <input
            id={id()}
            type={props.def.input === "number" ? "number" : "text"}
            step={props.def.step}
            data-testid={testId()}
            value={text()}
            disabled={props.disabled}
            aria-invalid={error() ? "true" : "false"}
            onChange={e => onCommit(e.currentTarget.value)}
          />
        );
    }
  };

  return (
    <div class="insp__field" classList={{ "insp__field--invalid": error() !== null }}>
      <label for={id()}>{props.def.label}</label>
      {control()}
      <Show when={error()}>
        {message => (
          <span class="insp__error" role="alert" data-testid={`error-${props.def.key}`}>
            {message()}
          </span>
        )}
      </Show>
    </div>
  );
}
