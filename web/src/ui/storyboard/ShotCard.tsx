import { For, Show, createMemo, createSignal, type JSX } from "solid-js";
import { SHOT_LIMITS, ShotType, type Shot } from "@milimo/shared/schema";
import { useStudio } from "../../store/context";
import { ElementBadges } from "../elements/ElementBadges";
import { ShotJobControls } from "../jobs/ShotJobControls";
import { storyboardActionsOf } from "./storyboard-actions";

const SHOT_TYPES = Object.values(ShotType);
const STATUS_LABEL: Record<Shot["status"], string> = {
  draft: "Draft",
  queued: "Queued",
  generating: "Generating",
  ready: "Ready",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** One shot of the storyboard: picture, script text, type, elements, settings and generation. */
export function ShotCard(props: {
  shotId: string;
  /** Position within the scene and the scene's shot count, for the move buttons. */
  position: number;
  count: number;
  selected: boolean;
  onSelect: (selected: boolean) => void;
}): JSX.Element {
  const store = useStudio();
  const { state, actions } = store;
  const storyboard = () => storyboardActionsOf(store);
  const shot = () => state.shots.byId[props.shotId];
  const urlOf = (mediaId: string | null | undefined, role: "media" | "thumbnail") => {
    if (!mediaId) return undefined;
    const urls = state.project.urls[mediaId];
    return role === "thumbnail" ? (urls?.thumbnail ?? urls?.media) : urls?.media;
  };
  const poster = createMemo(() => urlOf(shot()?.thumbnailMediaId, "thumbnail"));
  const video = createMemo(() => {
    const s = shot();
    return s?.status === "ready" || s?.mediaId ? urlOf(s?.mediaId, "media") : undefined;
  });
  const [extending, setExtending] = createSignal(false);
  const extend = async () => {
    setExtending(true);
    try {
      await storyboard().extendShot(props.shotId);
    } catch (error) {
      actions.ui.notifyError(error);
    } finally {
      setExtending(false);
    }
  };
  const update = (patch: Partial<Shot>, key?: string) => {
    const result = actions.shot.update(
      props.shotId,
      patch,
      key ? { coalesceKey: `${key}:${props.shotId}` } : {},
    );
    if (!result.ok)
      actions.ui.notify({
        kind: "error",
        title: Object.values(result.errors)[0] ?? "Invalid value",
      });
  };
  const numberField = (
    label: string,
    field: "numFrames" | "steps" | "width" | "height",
    step = 1,
  ) => (
    <label>
      {label}
      <input
        type="number"
        step={step}
        data-testid={`shot-${field}`}
        value={shot()?.[field] ?? ""}
        onChange={e => update({ [field]: Number(e.currentTarget.value) })}
      />
    </label>
  );

  return (
    <Show when={shot()}>
      {s => (
        <article
          class="sb-card"
          classList={{ "sb-card--selected": props.selected }}
          data-testid="shot-card"
          aria-label={`Shot ${props.position + 1}: ${s().action}`}
          data-shot-id={props.shotId}
          data-status={s().status}
        >
          <header class="sb-card__head">
            <input
              type="checkbox"
              aria-label="Select shot"
              data-testid="shot-select"
              checked={props.selected}
              onChange={e => props.onSelect(e.currentTarget.checked)}
            />
            <span class="sb-card__num">{props.position + 1}</span>
            <select
              data-testid="shot-type"
              value={s().shotType}
              onChange={e => update({ shotType: e.currentTarget.value as Shot["shotType"] })}
            >
              <For each={SHOT_TYPES}>{t => <option value={t}>{t.replace("_", " ")}</option>}</For>
            </select>
            <span class={`sb-status sb-status--${s().status}`} data-testid="shot-status">
              {STATUS_LABEL[s().status]}
            </span>
          </header>

          <div class="sb-card__picture">
            <Show
              when={video()}
              fallback={
                <Show
                  when={poster()}
                  fallback={<div class="sb-card__placeholder">No picture yet</div>}
                >
                  <img src={poster()} alt="" data-testid="shot-thumbnail" />
                </Show>
              }
            >
              <video
                src={video()}
                poster={poster()}
                controls
                muted
                preload="metadata"
                data-testid="shot-video"
              />
            </Show>
          </div>

          <textarea
            class="sb-card__action"
            data-testid="shot-action"
            rows={3}
            value={s().action}
            aria-label="Action"
            onInput={e => update({ action: e.currentTarget.value }, "action")}
          />
          <Show when={s().characters.length > 0}>
            <div class="sb-card__chars" data-testid="shot-characters">
              {s().characters.join(", ")}
            </div>
          </Show>
          <Show when={s().dialogue}>
            <blockquote class="sb-card__dialogue">{s().dialogue}</blockquote>
          </Show>
          <ElementBadges shotId={props.shotId} />

          <details class="sb-card__settings">
            <summary>Settings</summary>
            <div class="sb-card__grid">
              {numberField("Frames", "numFrames")}
              {numberField("Steps", "steps")}
              {numberField("Width", "width", 32)}
              {numberField("Height", "height", 32)}
              <label>
                Seed
                <input
                  type="number"
                  data-testid="shot-seed"
                  value={s().seed}
                  onChange={e => update({ seed: Number(e.currentTarget.value) })}
                />
              </label>
              <label class="sb-card__check">
                <input
                  type="checkbox"
                  data-testid="shot-seed-lock"
                  checked={s().seedLocked}
                  onChange={e => update({ seedLocked: e.currentTarget.checked })}
                />
                Lock seed
              </label>
              <label class="sb-card__check" title="Rewrite the prompt with the LLM set in Settings">
                <input
                  type="checkbox"
                  data-testid="shot-enhance-prompt"
                  checked={s().enhancePrompt}
                  onChange={e => update({ enhancePrompt: e.currentTarget.checked })}
                />
                Enhance prompt
              </label>
            </div>
            <p class="sb-card__hint">
              Frames {SHOT_LIMITS.minFrames}–{SHOT_LIMITS.maxFrames}; sizes are multiples of 32.
            </p>
          </details>

          <ShotJobControls shotId={props.shotId} />

          <footer class="sb-card__foot">
            <button
              type="button"
              aria-label="Move shot earlier"
              data-testid="shot-move-left"
              disabled={props.position === 0}
              onClick={() =>
                storyboard().reorderShot({ shotId: props.shotId, toIndex: props.position - 1 })
              }
            >
              ◀
            </button>
            <button
              type="button"
              aria-label="Move shot later"
              data-testid="shot-move-right"
              disabled={props.position >= props.count - 1}
              onClick={() =>
                storyboard().reorderShot({ shotId: props.shotId, toIndex: props.position + 1 })
              }
            >
              ▶
            </button>
            <span class="sb-card__spacer" />
            <Show when={s().status === "ready" && s().mediaId}>
              <button
                type="button"
                data-testid="shot-extend"
                title="New shot after this one that starts on its last frame"
                disabled={extending()}
                onClick={() => void extend()}
              >
                {extending() ? "Extending…" : "Extend"}
              </button>
            </Show>
            <button
              type="button"
              data-testid="shot-delete"
              onClick={() => {
                if (confirm("Delete this shot? Its generated clip stays in the library.")) {
                  storyboard().deleteShot(props.shotId);
                }
              }}
            >
              Delete
            </button>
          </footer>
        </article>
      )}
    </Show>
  );
}
