/**
 * Export the film: the whole timeline, the selected clip or the current frame (PNG), in this
 * browser (offline, WebCodecs) or on the GPU server; format, resolution, frame rate and quality;
 * a progress bar with elapsed time, ETA and cancel; the file goes to a picked location (File
 * System Access) or a download. Exporting reads the project and never changes it.
 */
import {
  For,
  Match,
  Show,
  Switch,
  createMemo,
  createResource,
  createSignal,
  onCleanup,
  type JSX,
} from "solid-js";
import { createStore } from "solid-js/store";
import { formatRemainingTime, type ExportProgress } from "@milimo/shared/render";
import { makeApiClient, type ApiClient } from "../../api/client";
import { StudioError, toStudioError } from "../../errors/studio-error";
import { makeTimeline, type MediaAsset, type Timeline } from "@milimo/shared/schema";
import { makeExportClient } from "../../export/export-client";
import {
  runExport,
  type ExportOutcome,
  type ExportStatus,
  type FileSaver,
} from "../../export/run-export";
import { canPickSaveFile, pickSaveFile } from "../../export/save-file";
import { useStudio } from "../../store/context";
import { Dialog } from "../common/Dialog";
import { downloadBlob } from "../common/download";
import { exportMessageFor } from "./export-messages";
import {
  EXPORT_FPS_CHOICES,
  buildExportSpec,
  clampExportFrame,
  defaultExportOptions,
  describeExportWarnings,
  findSelectedClip,
  formatBytes,
  listResolutionPresets,
  resolveResolution,
  type ExportOptions,
} from "./export-options";
import "./export.css";

type Phase =
  | { name: "idle" }
  | { name: "running"; status: ExportStatus; startedAt: number }
  | { name: "done"; outcome: ExportOutcome }
  | { name: "error"; error: StudioError };

const browserSaver: FileSaver = {
  pick: request => pickSaveFile(request),
  download: downloadBlob,
};

/** The export dialog; reads the open project through `useStudio()`. `api`: the GPU server client. */
export function ExportDialog(props: {
  open: boolean;
  onClose: () => void;
  api?: ApiClient;
  /** Saving (tests replace the picker and the download). */
  saver?: FileSaver;
}): JSX.Element {
  const { state, actions } = useStudio();
  const [client, disposeClient] = makeExportClient();
  onCleanup(disposeClient);
  const canPick = canPickSaveFile();
  const [options, setOptions] = createStore<ExportOptions>(
    defaultExportOptions({ fps: state.project.current?.fps ?? 25, canPick }),
  );
  const [phase, setPhase] = createSignal<Phase>({ name: "idle" });
  let controller: AbortController | null = null;

  const project = () => state.project.current;
  const format = () => {
    const p = project();
    return { width: p?.width ?? 768, height: p?.height ?? 512, fps: p?.fps ?? 25 };
  };
  // A deep copy read through the store, so the spec follows every edit while the dialog is open.
  const timeline = createMemo(() =>
    props.open ? (JSON.parse(JSON.stringify(state.tracks.timeline)) as Timeline) : makeTimeline(),
  );
  const media = createMemo(() =>
    props.open
      ? (JSON.parse(JSON.stringify(state.project.media.byId)) as Record<string, MediaAsset>)
      : {},
  );
  const clip = createMemo(() =>
    findSelectedClip({
      timeline: timeline(),
      selection: state.playback.selection,
      labelOf: id => media()[id]?.name,
    }),
  );
  const spec = createMemo(() =>
    buildExportSpec({
      options: { ...options },
      project: format(),
      timeline: timeline(),
      media: media(),
      clip: clip(),
    }),
  );
  const size = () => resolveResolution(format(), options.resolution);
  const serverReady = () => state.server.online && state.server.status === "connected";
  const warnings = () => describeExportWarnings(timeline(), options.what);

  const [choice] = createResource(
    () =>
      props.open && options.where === "browser" && options.what !== "frame"
        ? { container: options.container, ...size(), fps: options.fps, quality: options.quality }
        : false,
    request => client.probe(request),
  );

  const update = <K extends keyof ExportOptions>(key: K, value: ExportOptions[K]) => {
    if (phase().name !== "running") setPhase({ name: "idle" });
    setOptions(key, value);
  };

  const itemNames = () => {
    const names: Record<string, string> = {};
    for (const item of timeline().items) {
      const asset = item.mediaId ? media()[item.mediaId] : undefined;
      names[item.id] = item.label ?? asset?.name ?? item.id;
    }
    return names;
  };
  const mediaNames = () => Object.fromEntries(Object.values(media()).map(m => [m.id, m.name]));

  const start = () => {
    const result = spec();
    if (!result.ok) {
      setPhase({ name: "error", error: new StudioError(result.error.code, result.error.message) });
      return;
    }
    const p = project();
    controller = new AbortController();
    const signal = controller.signal;
    const kind = options.what === "frame" ? "frame" : options.where;
    const frame = clampExportFrame(
      (state.playback.frame * options.fps) / format().fps,
      result.value,
    );
    setPhase({ name: "running", status: { phase: "preparing" }, startedAt: performance.now() });
    // Not awaited before runExport: the file picker must open inside this click's activation.
    runExport({
      kind,
      spec: result.value,
      name: p?.name ?? "Film",
      frame,
      choice: choice() ?? null,
      save: options.save,
      saver: props.saver ?? browserSaver,
      client,
      api:
        kind === "server"
          ? (props.api ?? makeApiClient({ config: { ...state.server.config } }))
          : null,
      loadBlob: mediaId => actions.project.readBlob(mediaId, "media"),
      itemNames: itemNames(),
      mediaNames: mediaNames(),
      signal,
      onStatus: status => {
        const current = phase();
        if (current.name === "running") setPhase({ ...current, status });
      },
    })
      .then(outcome => setPhase(outcome ? { name: "done", outcome } : { name: "idle" }))
      .catch((error: unknown) => {
        const e = toStudioError(error);
        setPhase({ name: "error", error: e });
      })
      .finally(() => {
        controller = null;
      });
  };

  const cancel = () => controller?.abort();
  const close = () => {
    cancel();
    props.onClose();
  };

  const running = () => phase().name === "running";
  const progress = (): ExportProgress | null => {
    const p = phase();
    return p.name === "running" && p.status.phase === "encoding" ? p.status.progress : null;
  };
  const progressText = () => {
    const p = phase();
    if (p.name !== "running") return "";
    const s = p.status;
    if (s.phase === "preparing") return "Preparing…";
    if (s.phase === "uploading") return `Sending clips to the GPU server: ${s.done} of ${s.total}`;
    const { framesDone, totalFrames, elapsedMs, etaMs } = s.progress;
    const eta = etaMs === null ? "" : ` · about ${formatRemainingTime(etaMs)} left`;
    return `Frame ${framesDone} of ${totalFrames} · ${formatRemainingTime(elapsedMs)} elapsed${eta}`;
  };
  const specError = () => {
    const r = spec();
    return r.ok ? null : r.error.message;
  };
  const canStart = () =>
    !running() &&
    spec().ok &&
    (options.what === "frame" ||
      (options.where === "server" ? serverReady() : !choice.loading && Boolean(choice())));

  return (
    <Dialog
      open={props.open}
      title="Export"
      onClose={close}
      testId="export-dialog"
      footer={
        <>
          <Show when={running()}>
            <button type="button" class="button" data-testid="export-cancel" onClick={cancel}>
              Cancel export
            </button>
          </Show>
          <Show when={!running()}>
            <button type="button" class="button button-quiet" onClick={close}>
              Close
            </button>
            <button
              type="button"
              class="button button-primary"
              data-testid="export-start"
              disabled={!canStart()}
              onClick={start}
            >
              {options.what === "frame" ? "Save frame" : "Export"}
            </button>
          </Show>
        </>
      }
    >
      <div class="form export-form">
        <div class="row">
          <label class="field">
            <span>What</span>
            <select
              data-testid="export-what"
              disabled={running()}
              value={options.what}
              onChange={e => update("what", e.currentTarget.value as ExportOptions["what"])}
            >
              <option value="timeline">Whole timeline</option>
              <option value="clip" disabled={!clip()}>
                {clip() ? `Selected clip: ${clip()?.label}` : "Selected clip (select one)"}
              </option>
              <option value="frame">Current frame as PNG</option>
            </select>
          </label>
          <label class="field">
            <span>Where</span>
            <select
              data-testid="export-where"
              disabled={running() || options.what === "frame"}
              value={options.where}
              onChange={e => update("where", e.currentTarget.value as ExportOptions["where"])}
            >
              <option value="browser">In this browser (offline)</option>
              <option value="server" disabled={!serverReady()}>
                {serverReady() ? "On the GPU server" : "On the GPU server (not connected)"}
              </option>
            </select>
          </label>
        </div>
        <div class="row">
          <label class="field">
            <span>Format</span>
            <select
              data-testid="export-format"
              disabled={running() || options.what === "frame" || options.where === "server"}
              value={options.where === "server" ? "mp4" : options.container}
              onChange={e =>
                update("container", e.currentTarget.value as ExportOptions["container"])
              }
            >
              <option value="mp4">MP4</option>
              <option value="webm">WebM</option>
            </select>
          </label>
          <label class="field">
            <span>Resolution</span>
            <select
              data-testid="export-resolution"
              disabled={running()}
              value={options.resolution}
              onChange={e => update("resolution", e.currentTarget.value)}
            >
              <For each={listResolutionPresets(format())}>
                {preset => <option value={preset.key}>{preset.label}</option>}
              </For>
            </select>
          </label>
        </div>
        <div class="row">
          <label class="field">
            <span>Frame rate</span>
            <select
              data-testid="export-fps"
              disabled={running() || options.what === "frame"}
              value={String(options.fps)}
              onChange={e => update("fps", Number(e.currentTarget.value))}
            >
              <For each={EXPORT_FPS_CHOICES}>
                {fps => <option value={String(fps)}>{fps} fps</option>}
              </For>
            </select>
          </label>
          <label class="field">
            <span>Quality</span>
            <select
              data-testid="export-quality"
              disabled={running() || options.what === "frame"}
              value={options.quality}
              onChange={e => update("quality", e.currentTarget.value as ExportOptions["quality"])}
            >
              <option value="high">High</option>
              <option value="medium">Medium</option>
              <option value="low">Low (small file)</option>
            </select>
          </label>
          <label class="field">
            <span>Save</span>
            <select
              data-testid="export-save"
              disabled={running()}
              value={options.save}
              onChange={e => update("save", e.currentTarget.value as ExportOptions["save"])}
            >
              <option value="pick" disabled={!canPick}>
                Choose where…
              </option>
              <option value="download">Download</option>
            </select>
          </label>
        </div>

        <Show when={options.where === "browser" && options.what !== "frame"}>
          <p class="export-codecs" data-testid="export-codecs">
            <Switch>
              <Match when={choice.loading}>Checking this browser's encoders…</Match>
              <Match when={choice()}>{c => <>Exports as {c().label}</>}</Match>
              <Match when={choice() === null}>
                <span class="warning">
                  This browser has no {options.container.toUpperCase()} video encoder. Try the other
                  format or the GPU server.
                </span>
              </Match>
            </Switch>
          </p>
          <Show when={choice()?.note}>
            {note => (
              <p class="export-note" data-testid="export-codec-note">
                {note()}
              </p>
            )}
          </Show>
        </Show>
        <Show when={options.where === "server" && options.what !== "frame"}>
          <p class="export-codecs">
            Exports as MP4 · H.264 + AAC, rendered by ffmpeg on the GPU server.
          </p>
        </Show>
        <For each={warnings()}>
          {warning => (
            <p class="warning" data-testid="export-warning">
              {warning}
            </p>
          )}
        </For>
        <Show when={specError()}>
          {message => (
            <p class="warning" data-testid="export-spec-error">
              {message()}
            </p>
          )}
        </Show>

        <Switch>
          <Match when={running()}>
            <div class="export-progress" data-testid="export-progress">
              <progress max="1" value={progress()?.fraction ?? 0} aria-label="Export progress" />
              <span data-testid="export-progress-text">{progressText()}</span>
            </div>
          </Match>
          <Match
            when={(() => {
              const p = phase();
              return p.name === "done" ? p.outcome : null;
            })()}
          >
            {outcome => (
              <div class="export-done" data-testid="export-done" role="status">
                <span>
                  {outcome().savedTo === "file" ? "Saved" : "Downloaded"} “{outcome().fileName}” (
                  {formatBytes(outcome().bytes)}).
                </span>
                <Show when={outcome().blob}>
                  {blob => (
                    <button
                      type="button"
                      class="button button-quiet"
                      data-testid="export-download-again"
                      onClick={() =>
                        (props.saver ?? browserSaver).download(blob(), outcome().fileName)
                      }
                    >
                      Download again
                    </button>
                  )}
                </Show>
              </div>
            )}
          </Match>
          <Match
            when={(() => {
              const p = phase();
              return p.name === "error" ? p.error : null;
            })()}
          >
            {error => (
              <div
                class="export-error"
                role="alert"
                data-testid="export-error"
                data-code={error().code}
              >
                <strong>{exportMessageFor(error().code).title}</strong>
                <span>{error().message}</span>
                <span class="export-remedy">{exportMessageFor(error().code).remedy}</span>
              </div>
            )}
          </Match>
        </Switch>
      </div>
    </Dialog>
  );
}
