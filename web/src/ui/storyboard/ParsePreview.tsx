import { For, Show, type JSX } from "solid-js";
import type { ParsedScript } from "@milimo/shared/storyboard";

const MODE_LABEL: Record<ParsedScript["mode"], string> = {
  screenplay: "Screenplay",
  numbered: "Numbered shot list",
  freeform: "Free text",
};

/** What Parse found, editable before Commit: scenes, shots (action text, remove) and warnings. */
export function ParsePreview(props: {
  parsed: ParsedScript;
  /** Who parsed it, when Parse with AI was used: "Parsed by …" or why the AI parse failed. */
  parsedBy?: { text: string; failed: boolean } | null;
  onChange: (next: ParsedScript) => void;
  onCommit: () => void;
  onDiscard: () => void;
}): JSX.Element {
  const shotCount = () => props.parsed.scenes.reduce((n, s) => n + s.shots.length, 0);
  const editShot = (sceneIndex: number, shotIndex: number, action: string | null) => {
    const scenes = props.parsed.scenes.map((scene, i) => {
      if (i !== sceneIndex) return scene;
      const shots =
        action === null
          ? scene.shots.filter((_, j) => j !== shotIndex)
          : scene.shots.map((shot, j) => (j === shotIndex ? { ...shot, action } : shot));
      return { ...scene, shots };
    });
    props.onChange({ ...props.parsed, scenes });
  };

  return (
    <div class="sb-preview" data-testid="parse-preview" data-mode={props.parsed.mode}>
      <div class="sb-preview__summary" data-testid="parse-summary">
        {MODE_LABEL[props.parsed.mode]}: {props.parsed.scenes.length} scene
        {props.parsed.scenes.length === 1 ? "" : "s"}, {shotCount()} shot
        {shotCount() === 1 ? "" : "s"}
      </div>
      <Show when={props.parsedBy}>
        {by => (
          <div
            class="sb-preview__source"
            classList={{ "sb-preview__source--failed": by().failed }}
            role={by().failed ? "alert" : "status"}
            data-testid="parse-source"
          >
            {by().text}
          </div>
        )}
      </Show>
      <Show when={props.parsed.warnings.length > 0}>
        <ul class="sb-preview__warnings" aria-label="Parser warnings">
          <For each={props.parsed.warnings}>
            {w => (
              <li data-testid="parse-warning" data-line={w.line}>
                <strong>Line {w.line}:</strong> {w.message}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ol class="sb-preview__scenes">
        <For each={props.parsed.scenes}>
          {(scene, i) => (
            <li data-testid="parse-scene">
              <div class="sb-preview__heading">
                {scene.heading || `Untitled scene ${i() + 1}`}
                <span class="sb-preview__line">line {scene.line}</span>
              </div>
              <ol class="sb-preview__shots">
                <For each={scene.shots}>
                  {(shot, j) => (
                    <li data-testid="parse-shot" data-line={shot.line}>
                      <span class="sb-preview__type">{shot.shotType.replace("_", " ")}</span>
                      <input
                        value={shot.action}
                        aria-label="Shot action"
                        onChange={e => editShot(i(), j(), e.currentTarget.value)}
                      />
                      <button
                        type="button"
                        aria-label="Leave this shot out"
                        onClick={() => editShot(i(), j(), null)}
                      >
                        ×
                      </button>
                    </li>
                  )}
                </For>
              </ol>
            </li>
          )}
        </For>
      </ol>
      <div class="sb-preview__actions">
        <button
          type="button"
          class="sb-primary"
          data-testid="script-commit"
          disabled={shotCount() === 0}
          onClick={() => props.onCommit()}
        >
          Commit to project
        </button>
        <button type="button" data-testid="script-discard" onClick={() => props.onDiscard()}>
          Discard
        </button>
      </div>
    </div>
  );
}
