import { For, Show, createSignal, type JSX } from "solid-js";
import {
  FPS_CHOICES,
  MAX_SEED,
  PROJECT_DEFAULTS,
  ProjectSchema,
  RESOLUTION_PRESETS,
  type Fps,
} from "@milimo/shared/schema";
import type { NewProjectInit } from "../../store/slices/project";
import { Dialog } from "../common/Dialog";

const CUSTOM = "custom";

/** New project: name, resolution preset or custom (multiples of 32), fps, seed (FEATURES §1). */
export function NewProjectDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreate: (init: NewProjectInit) => Promise<void>;
}): JSX.Element {
  const [name, setName] = createSignal<string>(PROJECT_DEFAULTS.name);
  const [preset, setPreset] = createSignal("0");
  const [width, setWidth] = createSignal<number>(PROJECT_DEFAULTS.width);
  const [height, setHeight] = createSignal<number>(PROJECT_DEFAULTS.height);
  const [fps, setFps] = createSignal<Fps>(PROJECT_DEFAULTS.fps);
  const [seed, setSeed] = createSignal<number>(PROJECT_DEFAULTS.seed);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);

  const size = () => {
    if (preset() === CUSTOM) return { width: width(), height: height() };
    const chosen = RESOLUTION_PRESETS[Number(preset())] ?? RESOLUTION_PRESETS[0];
    return { width: chosen.width, height: chosen.height };
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const init = { name: name(), ...size(), fps: fps(), seed: seed() };
    const check = ProjectSchema.pick({
      name: true,
      width: true,
      height: true,
      fps: true,
      seed: true,
    }).safeParse(init);
    if (!check.success) {
      const next: Record<string, string> = {};
      for (const issue of check.error.issues) next[String(issue.path[0])] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await props.onCreate(check.data);
    } finally {
      setBusy(false);
    }
  };

  const error = (field: string) => (
    <Show when={errors()[field]}>
      <span class="field-error" data-testid={`error-${field}`}>
        {errors()[field]}
      </span>
    </Show>
  );

  return (
    <Dialog
      open={props.open}
      title="New project"
      onClose={() => props.onClose()}
      testId="new-project-dialog"
    >
      <form class="form" onSubmit={event => void submit(event)}>
        <label class="field">
          <span>Name</span>
          <input
            data-testid="new-project-name"
            value={name()}
            onInput={event => setName(event.currentTarget.value)}
            autofocus
          />
          {error("name")}
        </label>
        <label class="field">
          <span>Resolution</span>
          <select
            value={preset()}
            onChange={event => setPreset(event.currentTarget.value)}
            data-testid="new-project-resolution"
          >
            <For each={RESOLUTION_PRESETS}>
              {(p, i) => <option value={String(i())}>{p.label}</option>}
            </For>
            <option value={CUSTOM}>Custom…</option>
          </select>
        </label>
        <Show when={preset() === CUSTOM}>
          <div class="row">
            <label class="field">
              <span>Width</span>
              <input
                type="number"
                step="32"
                value={width()}
                onInput={event => setWidth(event.currentTarget.valueAsNumber)}
              />
              {error("width")}
            </label>
            <label class="field">
              <span>Height</span>
              <input
                type="number"
                step="32"
                value={height()}
                onInput={event => setHeight(event.currentTarget.valueAsNumber)}
              />
              {error("height")}
            </label>
          </div>
        </Show>
        <div class="row">
          <label class="field">
            <span>Frame rate</span>
            <select
              value={String(fps())}
              onChange={event => setFps(Number(event.currentTarget.value) as Fps)}
            >
              <For each={FPS_CHOICES}>
                {choice => <option value={String(choice)}>{choice} fps</option>}
              </For>
            </select>
          </label>
          <label class="field">
            <span>Seed</span>
            <div class="row">
              <input
                type="number"
                value={seed()}
                onInput={event => setSeed(event.currentTarget.valueAsNumber)}
              />
              <button
                type="button"
                class="button"
                onClick={() => setSeed(Math.floor(Math.random() * MAX_SEED))}
              >
                Random
              </button>
            </div>
            {error("seed")}
          </label>
        </div>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => props.onClose()}>
            Cancel
          </button>
          <button
            type="submit"
            class="button button-primary"
            disabled={busy()}
            data-testid="create-project"
          >
            Create project
          </button>
        </div>
      </form>
    </Dialog>
  );
}
