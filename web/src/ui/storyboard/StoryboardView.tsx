import {
  For,
  Show,
  createEffect,
  createMemo,
  createSignal,
  on,
  onCleanup,
  type JSX,
} from "solid-js";
import { parseScreenplay, type ParsedScript } from "@milimo/shared/storyboard";
import type { Scene, Shot } from "@milimo/shared/schema";
import { jobsActionsOf } from "../../jobs/jobs-slice";
import { missingLlmSetting } from "../../llm/llm-settings";
import { isShotGenerating } from "../../jobs/jobs-state";
import { useStudio } from "../../store/context";
import { JobStreamLine } from "../jobs/JobStreamLine";
import { ParsePreview } from "./ParsePreview";
import { ShotCard } from "./ShotCard";
import { storyboardActionsOf } from "./storyboard-actions";
import { sortScenes } from "./storyboard-plan";
import "../jobs/jobs.css";
import "./storyboard.css";

const SCRIPT_KEY = "milimo.script.";

function readScript(projectId: string | undefined): string {
  if (!projectId) return "";
  try {
    return localStorage.getItem(SCRIPT_KEY + projectId) ?? "";
  } catch {
    return ""; // storage disabled: the editor just starts empty
  }
}

function writeScript(projectId: string | undefined, text: string): void {
  if (!projectId) return;
  try {
    localStorage.setItem(SCRIPT_KEY + projectId, text);
  } catch {
    // The script is a convenience copy; the committed shots are the document.
  }
}

/** Screenplay → scenes → shots: the script editor, its parse preview and the board of shot cards. */
export function StoryboardView(): JSX.Element {
  const store = useStudio();
  const { state } = store;
  const storyboard = () => storyboardActionsOf(store);
  const jobs = () => jobsActionsOf(store);
  const projectId = () => state.project.current?.id;
  const [script, setScript] = createSignal(readScript(projectId()));
  const [parsed, setParsed] = createSignal<ParsedScript | null>(null);
  /** Who parsed the preview, in words ("Parsed by …" / "AI parse failed …"); null for Parse. */
  const [parsedBy, setParsedBy] = createSignal<{ text: string; failed: boolean } | null>(null);
  /** The model an AI parse in flight asked, or null when none runs. */
  const [aiParsing, setAiParsing] = createSignal<string | null>(null);
  /** "AI parse cancelled" after the user's Cancel, until the next parse. */
  const [parseNote, setParseNote] = createSignal<string | null>(null);
  let parseSeq = 0;
  let aiAbort: AbortController | null = null;
  const abortAiParse = () => {
    aiAbort?.abort();
    aiAbort = null;
  };
  onCleanup(abortAiParse);
  void store.actions.llm.loadConfig();
  const llmMissing = () =>
    state.llm.loaded ? missingLlmSetting(state.llm.config) : "Reading the LLM settings…";
  // The ticked shots; the last one still ticked is the store's selected shot ("Add to shot"
  // targets it), which is all of the selection that outlives this view.
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(
    new Set(state.ui.selectedShotId === null ? [] : [state.ui.selectedShotId]),
  );
  createEffect(on(projectId, id => setScript(readScript(id)), { defer: true }));

  const scenes = createMemo(() => sortScenes(state.project.scenes));
  const shotsByScene = createMemo(() => {
    const map = new Map<string | null, Shot[]>();
    const known = new Set(state.project.scenes.map(s => s.id));
    for (const id of state.shots.order) {
      const shot = state.shots.byId[id];
      if (!shot) continue;
      const key = shot.sceneId !== null && known.has(shot.sceneId) ? shot.sceneId : null;
      const list = map.get(key) ?? [];
      list.push(shot);
      map.set(key, list);
    }
    for (const list of map.values()) list.sort((a, b) => a.index - b.index);
    return map;
  });
  const selectedIds = () => {
    const alive = state.shots.byId;
    return [...selected()].filter(id => alive[id]);
  };
  createEffect(() => store.actions.ui.selectShot(selectedIds().at(-1) ?? null));
  const toggle = (shotId: string, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(shotId);
    else next.delete(shotId);
    setSelected(next);
  };
  const inOrder = (ids: readonly string[]) => {
    const rank = new Map<string, number>();
    let n = 0;
    for (const scene of scenes())
      for (const s of shotsByScene().get(scene.id) ?? []) rank.set(s.id, n++);
    for (const s of shotsByScene().get(null) ?? []) rank.set(s.id, n++);
    return [...ids].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  };

  const parse = () => {
    parseSeq++; // a slower AI parse still running must not replace this result
    abortAiParse();
    setAiParsing(null);
    setParseNote(null);
    setParsedBy(null);
    setParsed(parseScreenplay(script()));
  };
  const parseWithAi = async () => {
    const seq = ++parseSeq;
    abortAiParse();
    const controller = new AbortController();
    aiAbort = controller;
    setParseNote(null);
    setAiParsing(state.llm.config.model);
    const outcome = await store.actions.llm.parseScript(script(), { signal: controller.signal });
    if (seq !== parseSeq) return;
    aiAbort = null;
    setAiParsing(null);
    if (outcome.by === "cancelled") return;
    setParsed(outcome.parsed);
    setParsedBy(
      outcome.by === "ai"
        ? { text: `Parsed by ${outcome.model}`, failed: false }
        : {
            text: `AI parse failed (${outcome.reason}); parsed with the built-in parser`,
            failed: true,
          },
    );
  };
  /** Cancel: the request stops and the script and any earlier preview stay as they were. */
  const cancelAiParse = () => {
    parseSeq++;
    abortAiParse();
    setAiParsing(null);
    setParseNote("AI parse cancelled");
  };
  const closePreview = () => {
    setParsed(null);
    setParsedBy(null);
  };
  const commit = () => {
    const result = parsed();
    if (!result) return;
    storyboard().commit(result);
    closePreview();
  };

  const SceneRow = (props: { scene: Scene | null; position: number }) => {
    const position = () => props.position;
    const shots = () => shotsByScene().get(props.scene?.id ?? null) ?? [];
    return (
      <section class="sb-scene" data-testid="scene-row" data-scene-id={props.scene?.id ?? ""}>
        <header class="sb-scene__head">
          <Show when={props.scene} fallback={<h3>Shots without a scene</h3>}>
            {sc => (
              <>
                <span class="sb-scene__num">{position() + 1}</span>
                <input
                  class="sb-scene__name"
                  data-testid="scene-name"
                  value={sc().name}
                  aria-label="Scene name"
                  onChange={e =>
                    storyboard().renameScene({ sceneId: sc().id, name: e.currentTarget.value })
                  }
                />
                <span class="sb-scene__heading" data-testid="scene-heading">
                  {sc().heading}
                </span>
                <button
                  type="button"
                  aria-label="Move scene up"
                  disabled={position() === 0}
                  onClick={() =>
                    storyboard().reorderScene({ sceneId: sc().id, toIndex: position() - 1 })
                  }
                >
                  ▲
                </button>
                <button
                  type="button"
                  aria-label="Move scene down"
                  disabled={position() >= scenes().length - 1}
                  onClick={() =>
                    storyboard().reorderScene({ sceneId: sc().id, toIndex: position() + 1 })
                  }
                >
                  ▼
                </button>
                <button
                  type="button"
                  data-testid="scene-add-shot"
                  onClick={() => storyboard().addShot({ sceneId: sc().id })}
                >
                  Add shot
                </button>
                <button
                  type="button"
                  data-testid="scene-thumbnails"
                  onClick={() => {
                    for (const s of shots()) void jobs().generateThumbnail(s.id);
                  }}
                >
                  Generate thumbnails
                </button>
                <button
                  type="button"
                  data-testid="scene-generate"
                  onClick={() =>
                    void jobs().generateShots(
                      shots()
                        .filter(s => !isShotGenerating(s.status))
                        .map(s => s.id),
                    )
                  }
                >
                  Generate scene
                </button>
              </>
            )}
          </Show>
        </header>
        <div class="sb-scene__cards">
          <For each={shots()}>
            {(shot, i) => (
              <ShotCard
                shotId={shot.id}
                position={i()}
                count={shots().length}
                selected={selected().has(shot.id)}
                onSelect={on => toggle(shot.id, on)}
              />
            )}
          </For>
        </div>
      </section>
    );
  };

  return (
    <div class="sb-view" data-testid="storyboard-view">
      <section class="sb-script" aria-label="Script">
        <div class="sb-script__bar">
          <h2>Script</h2>
          <button type="button" class="sb-primary" data-testid="script-parse" onClick={parse}>
            Parse
          </button>
          <Show
            when={aiParsing()}
            fallback={
              <span title={llmMissing() ?? "Split the script into scenes and shots with the LLM"}>
                <button
                  type="button"
                  data-testid="script-parse-ai"
                  disabled={llmMissing() !== null}
                  onClick={() => void parseWithAi()}
                >
                  Parse with AI
                </button>
              </span>
            }
          >
            {model => (
              <span class="sb-script__status" data-testid="script-parse-ai-running">
                Parsing with {model()}…
                <button type="button" data-testid="script-parse-ai-cancel" onClick={cancelAiParse}>
                  Cancel
                </button>
              </span>
            )}
          </Show>
        </div>
        <Show when={parseNote()}>
          {note => (
            <p class="sb-script__note" data-testid="script-parse-note" role="status">
              {note()}
            </p>
          )}
        </Show>
        <textarea
          class="sb-script__input"
          data-testid="script-input"
          spellcheck={false}
          placeholder={
            "INT. LIGHTHOUSE - NIGHT\n\nWaves crash against the rocks.\n\nMARA\nThe lamp is out again."
          }
          value={script()}
          onInput={e => {
            setScript(e.currentTarget.value);
            writeScript(projectId(), e.currentTarget.value);
          }}
        />
        <Show when={parsed()}>
          {p => (
            <ParsePreview
              parsed={p()}
              parsedBy={parsedBy()}
              onChange={setParsed}
              onCommit={commit}
              onDiscard={closePreview}
            />
          )}
        </Show>
      </section>

      <section class="sb-board" aria-label="Storyboard">
        <div class="sb-board__bar">
          <span data-testid="selection-count">{selectedIds().length} selected</span>
          <button
            type="button"
            data-testid="generate-selected"
            disabled={selectedIds().length === 0}
            onClick={() => void jobs().generateShots(inOrder(selectedIds()))}
          >
            Generate selected
          </button>
          <button
            type="button"
            data-testid="cancel-selected"
            disabled={selectedIds().length === 0}
            onClick={() => void jobs().cancelShots(selectedIds())}
          >
            Cancel selected
          </button>
          <button
            type="button"
            disabled={selectedIds().length === 0}
            onClick={() => setSelected(new Set<string>())}
          >
            Clear selection
          </button>
          <span class="sb-board__spacer" />
          <JobStreamLine />
        </div>
        <Show
          when={state.shots.order.length > 0}
          fallback={
            <p class="sb-board__empty" data-testid="storyboard-empty">
              Paste a screenplay on the left and press Parse, then Commit to get scenes and shots.
            </p>
          }
        >
          <For each={scenes()}>{(scene, i) => <SceneRow scene={scene} position={i()} />}</For>
          <Show when={(shotsByScene().get(null) ?? []).length > 0}>
            <SceneRow scene={null} position={0} />
          </Show>
        </Show>
      </section>
    </div>
  );
}
