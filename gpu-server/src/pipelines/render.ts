/**
 * `render`: a RenderSpec becomes `film.mp4` (H.264 + AAC) in one ffmpeg run. Every visible stretch
 * of a clip is its own input, seeked with `-ss`/`-t`, normalised to the film's rate and exactly its
 * frame count (`fps`, `tpad`, `trim`); V1 stretches and black gaps are concatenated, V2 stretches
 * are overlaid at their start with opacity and position, and the sounds (A1 clips and the video
 * clips' own sound, each trimmed as its picture) are delayed to their start, mixed at their gains
 * and padded to the film's length. A file without an audio stream (a generated clip) is found by
 * ffprobe and left out; a film with no sound at all gets no audio track. The filter graph goes
 * through a script file because a long film's graph outgrows one command-line argument. Progress
 * comes from `-progress pipe:1`; a cancel kills ffmpeg and removes the partial file.
 */
import { spawn } from "node:child_process";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  RENDER_ARTIFACT_NAME,
  RENDER_AUDIO_SAMPLE_RATE,
  RENDER_QUALITY,
  RenderParamsSchema,
  computeLayerRect,
  computeVisibleSegments,
  countFilmSamples,
  snapLayerRect,
  type RenderParams,
  type RenderSpec,
  type VisibleSegment,
} from "@milimo/shared/render";
import { DomainError } from "../errors";
import { probeMedia, resolveFfmpegPath, resolveFfprobePath } from "../media/ffmpeg";
import { throwIfCancelled } from "./diffusion/pipeline-error";
import type { Pipeline, PipelineContext } from "./types";

const STDERR_TAIL_CHARS = 2000;

/** What the graph needs to know about one media file on disk. */
export type RenderSource = {
  path: string;
  /** Picture size (video and image media); null for sound-only files. */
  width: number | null;
  height: number | null;
  hasAudio: boolean;
};

/** ffmpeg input arguments and the filter graph that draws the film. */
export type RenderGraph = {
  inputs: string[][];
  filter: string;
  hasAudio: boolean;
};

const secs = (frames: number, fps: number) => (frames / fps).toFixed(6);

/** Builds the inputs and filter graph of a spec; `sources` maps every media id of the spec. */
export function buildRenderGraph({
  spec,
  sources,
}: {
  spec: RenderSpec;
  sources: ReadonlyMap<string, RenderSource>;
}): RenderGraph {
  const { width: W, height: H, fps, durationFrames: N } = spec;
  const inputs: string[][] = [];
  const chains: string[] = [];
  const sourceOf = (mediaId: string): RenderSource => {
    const source = sources.get(mediaId);
    if (!source) throw new Error(`no source for media ${mediaId}`);
    return source;
  };

  // One stretch of a clip as exactly `frames` frames at the film's rate, starting at pts 0.
  const segmentChain = (segment: VisibleSegment, label: string, tail: string) => {
    const { item } = segment;
    const source = sourceOf(item.mediaId);
    const frames = segment.endFrame - segment.startFrame;
    const index = inputs.length;
    if (item.kind === "image") {
      inputs.push([
        "-loop",
        "1",
        "-framerate",
        String(fps),
        "-t",
        secs(frames + 1, fps),
        "-i",
        source.path,
      ]);
    } else {
      // Half a frame early so float rounding never drops the first wanted frame.
      const start = Math.max(0, (segment.sourceInFrame - 0.5) / fps);
      inputs.push(["-ss", start.toFixed(6), "-t", secs(frames, fps), "-i", source.path]);
    }
    const rect = snapLayerRect(
      computeLayerRect({
        sourceWidth: source.width ?? W,
        sourceHeight: source.height ?? H,
        width: W,
        height: H,
        x: item.x,
        y: item.y,
        scale: item.scale,
      }),
    );
    chains.push(
      `[${index}:v]setpts=PTS-STARTPTS,fps=${fps},scale=${rect.width}:${rect.height}:flags=bicubic,setsar=1,` +
        `${tail.replace("{left}", String(rect.left)).replace("{top}", String(rect.top))},` +
        `tpad=stop_mode=clone:stop=${frames},trim=end_frame=${frames},setpts=PTS-STARTPTS[${label}]`,
    );
    return rect;
  };

  const { V1, V2 } = computeVisibleSegments(spec);
  const parts: string[] = [];
  let cursor = 0;
  const black = (frames: number) => {
    const label = `g${parts.length}`;
    chains.push(
      `color=c=black:s=${W}x${H}:r=${fps}:d=${secs(frames + 1, fps)},format=yuv420p,setsar=1,` +
        `trim=end_frame=${frames},setpts=PTS-STARTPTS[${label}]`,
    );
    parts.push(label);
  };
  for (const segment of V1) {
    if (segment.startFrame > cursor) black(segment.startFrame - cursor);
    const label = `s${parts.length}`;
    // The picture sits inside the frame (contain fit), so padding places it.
    segmentChain(segment, label, `pad=${W}:${H}:{left}:{top}:black,format=yuv420p`);
    parts.push(label);
    cursor = segment.endFrame;
  }
  if (cursor < N) black(N - cursor);
  chains.push(
    parts.length === 1
      ? `[${parts[0]}]null[base]`
      : `${parts.map(p => `[${p}]`).join("")}concat=n=${parts.length}:v=1:a=0[base]`,
  );

  let current = "base";
  V2.forEach((segment, k) => {
    const label = `o${k}`;
    const opacity = segment.item.opacity;
    const alpha = opacity < 1 ? `,colorchannelmixer=aa=${opacity.toFixed(4)}` : "";
    const rect = segmentChain(segment, `${label}raw`, `format=rgba${alpha}`);
    chains.push(
      `[${label}raw]setpts=PTS+${secs(segment.startFrame, fps)}/TB[${label}]`,
      `[${current}][${label}]overlay=x=${rect.left}:y=${rect.top}:eof_action=pass:format=yuv420[v${k}]`,
    );
    current = `v${k}`;
  });
  chains.push(`[${current}]format=yuv420p,trim=end_frame=${N}[vout]`);

  const sounds = spec.audio.filter(a => sourceOf(a.mediaId).hasAudio);
  const totalSamples = countFilmSamples(spec, RENDER_AUDIO_SAMPLE_RATE);
  sounds.forEach((item, k) => {
    const index = inputs.length;
    inputs.push([
      "-ss",
      secs(item.sourceInFrame, fps),
      "-t",
      secs(item.durationFrames, fps),
      "-i",
      sourceOf(item.mediaId).path,
    ]);
    const delay = Math.round((item.startFrame * RENDER_AUDIO_SAMPLE_RATE) / fps);
    chains.push(
      `[${index}:a]aresample=${RENDER_AUDIO_SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,` +
        `volume=${item.gain.toFixed(4)},adelay=delays=${delay}S:all=1[a${k}]`,
    );
  });
  if (sounds.length > 0) {
    const mixed =
      sounds.length === 1
        ? "[a0]anull"
        : `${sounds.map((_, k) => `[a${k}]`).join("")}amix=inputs=${sounds.length}:normalize=0:duration=longest:dropout_transition=0`;
    chains.push(`${mixed},apad=whole_len=${totalSamples},atrim=end_sample=${totalSamples}[aout]`);
  }
  return { inputs, filter: chains.join(";\n"), hasAudio: sounds.length > 0 };
}

/** Frame number in one `-progress` block of ffmpeg output ("frame=123"), or null when absent. */
export function parseProgressFrame(block: string): number | null {
  const matches = [...block.matchAll(/^frame=(\d+)\s*$/gm)];
  const last = matches.at(-1);
  return last ? Number(last[1]) : null;
}

function probeHasAudio(path: string, signal: AbortSignal): Promise<boolean> {
  return new Promise(resolve => {
    const child = spawn(
      resolveFfprobePath(),
      [
        "-v",
        "error",
        "-select_streams",
        "a:0",
        "-show_entries",
        "stream=index",
        "-of",
        "csv=p=0",
        path,
      ],
      { stdio: ["ignore", "pipe", "ignore"], signal },
    );
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (s: string) => (out += s));
    child.on("error", () => resolve(false));
    child.on("close", code => resolve(code === 0 && out.trim().length > 0));
  });
}

async function resolveSources(params: RenderParams, ctx: PipelineContext) {
  const sources = new Map<string, RenderSource>();
  const pictures = new Set(params.spec.video.map(v => v.mediaId));
  const sounds = new Set(params.spec.audio.map(a => a.mediaId));
  for (const { mediaId, uploadId } of params.media) {
    if (!pictures.has(mediaId) && !sounds.has(mediaId)) continue;
    const path = ctx.uploadPath(uploadId);
    if (!path) {
      throw new DomainError(
        "UPLOAD_NOT_FOUND",
        "The server no longer has a file this film uses. Export again to send it.",
        { details: { mediaId, uploadId } },
      );
    }
    const size = pictures.has(mediaId) ? await probeMedia(path) : null;
    const hasAudio = sounds.has(mediaId) ? await probeHasAudio(path, ctx.signal) : false;
    sources.set(mediaId, {
      path,
      width: size?.width ?? null,
      height: size?.height ?? null,
      hasAudio,
    });
    throwIfCancelled(ctx.signal);
  }
  return sources;
}

/** Renders the film into the job's workDir as `film.mp4`. */
export const renderPipeline: Pipeline<RenderParams> = async (rawParams, ctx) => {
  const params = RenderParamsSchema.parse(rawParams);
  const { spec } = params;
  const total = spec.durationFrames;
  ctx.progress({ step: 0, total, message: "Reading the clips" });
  const sources = await resolveSources(params, ctx);
  const graph = buildRenderGraph({ spec, sources });

  const filterPath = join(ctx.workDir, ".render-filter.txt");
  const finalPath = join(ctx.workDir, RENDER_ARTIFACT_NAME);
  const partialPath = join(ctx.workDir, `.${RENDER_ARTIFACT_NAME}.partial`);
  await writeFile(filterPath, graph.filter);
  const quality = RENDER_QUALITY[spec.quality];
  // prettier-ignore
  const args = [
    "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-y",
    ...graph.inputs.flat(),
    "-filter_complex_script", filterPath,
    "-map", "[vout]",
    ...(graph.hasAudio ? ["-map", "[aout]"] : []),
    "-c:v", "libx264", "-preset", "veryfast", "-crf", String(quality.crf), "-pix_fmt", "yuv420p",
    "-r", String(spec.fps), "-g", String(spec.fps * 2), "-frames:v", String(total),
    ...(graph.hasAudio
      ? ["-c:a", "aac", "-b:a", String(quality.audioBitrate), "-ar", String(RENDER_AUDIO_SAMPLE_RATE), "-ac", "2"]
      : []),
    "-movflags", "+faststart", "-f", "mp4", partialPath,
  ];
  try {
    await runFfmpeg({ args, ctx, total });
    await rename(partialPath, finalPath);
  } catch (err) {
    await rm(partialPath, { force: true });
    throw err;
  } finally {
    await rm(filterPath, { force: true });
  }
  throwIfCancelled(ctx.signal);
  const { size } = await stat(finalPath);
  return [{ name: RENDER_ARTIFACT_NAME, mime: "video/mp4", bytes: size }];
};

function runFfmpeg({
  args,
  ctx,
  total,
}: {
  args: string[];
  ctx: PipelineContext;
  total: number;
}): Promise<void> {
  throwIfCancelled(ctx.signal);
  const binary = resolveFfmpegPath();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let pending = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => (stderr = (stderr + s).slice(-STDERR_TAIL_CHARS)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (s: string) => {
      pending += s;
      // A block ends with "progress=continue" or "progress=end".
      let end = pending.search(/^progress=\w+\s*$/m);
      while (end !== -1) {
        const lineEnd = pending.indexOf("\n", end);
        const block = pending.slice(0, lineEnd === -1 ? pending.length : lineEnd + 1);
        pending = pending.slice(block.length);
        const frame = parseProgressFrame(block);
        if (frame !== null) {
          const step = Math.min(frame, total);
          ctx.progress({ step, total, message: `Rendering frame ${step} of ${total}` });
        }
        end = pending.search(/^progress=\w+\s*$/m);
      }
    });
    const onAbort = () => child.kill("SIGKILL");
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    child.on("error", err => {
      ctx.signal.removeEventListener("abort", onAbort);
      const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
      reject(
        new DomainError(
          "FFMPEG_FAILED",
          missing
            ? `${binary} is not installed on the GPU server; run "npm run setup" (or apt-get install ffmpeg).`
            : `ffmpeg could not start: ${err.message}`,
          { cause: err },
        ),
      );
    });
    child.on("close", code => {
      ctx.signal.removeEventListener("abort", onAbort);
      if (ctx.signal.aborted) {
        const reason: unknown = ctx.signal.reason;
        reject(
          reason instanceof Error && reason.name === "AbortError"
            ? reason
            : new DOMException("The job was cancelled.", "AbortError"),
        );
        return;
      }
      if (code === 0) {
        resolve();
        return;
      }
      const detail = stderr.trim();
      if (/no space left on device|disk quota exceeded/i.test(detail)) {
        reject(
          new DomainError("DISK_FULL", "The server's disk filled up while rendering the film."),
        );
        return;
      }
      reject(
        new DomainError(
          "FFMPEG_FAILED",
          `Rendering the film failed: ${detail || `ffmpeg exited with ${code}`}.`,
        ),
      );
    });
  });
}
