/**
 * The arrangement every export check uses, and the checks themselves. V1: red trimmed 5 in and
 * 10 out, then green split at frame 60 with the right half trimmed 10 more in; V2: blue at half
 * size in the bottom-right quadrant from frame 30 to 70; A1: a tone (0.4 s silent lead-in) from
 * frame 20, trimmed 0.2 s, so it sounds at 1.0 s. A film passes when it has the timeline's frame
 * count, every checked frame shows the right clip and source frame on each layer, and the tone
 * starts within one audio block of 1.0 s.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  computeLayerRect,
  framesToRender,
  nearestIdentityColour,
  readIdentityFrame,
  snapLayerRect,
  type RenderSpec,
} from "@milimo/shared/render";
import { makeTimeline, makeTimelineItem, type Timeline } from "@milimo/shared/schema";
import { splitItemAt, trimTimelineItem } from "@milimo/shared/timeline";
import {
  findOnset,
  makeIdentityClip,
  makeToneWav,
  probeFilm,
  readFilmAudio,
  readFilmFrames,
} from "./export-clips";

/** Size and rate of the test clips and of the project they go into. */
export const EXPORT_TEST_FORMAT = { width: 384, height: 256, fps: 25 } as const;
/** Frames of each test clip. */
export const EXPORT_CLIP_FRAMES = 60;
/** Silent lead-in of the tone file, in seconds. */
export const TONE_SILENCE_SECONDS = 0.4;
/** Palette index of each clip's colour. */
export const CLIP_COLOURS = { red: 0, green: 1, blue: 2 } as const;
/** Frames of the arranged film. */
export const ARRANGED_FRAMES = 95;
/** When the tone must start in the arranged film, in seconds. */
export const ARRANGED_TONE_SECONDS = 1.0;

export type ExportTestFiles = { red: string; green: string; blue: string; tone: string };

/** Writes the three clips and the tone into `dir` (created when missing). */
export async function makeExportTestFiles(dir: string): Promise<ExportTestFiles> {
  mkdirSync(dir, { recursive: true });
  const { width, height, fps } = EXPORT_TEST_FORMAT;
  const files: ExportTestFiles = {
    red: join(dir, "red.mp4"),
    green: join(dir, "green.mp4"),
    blue: join(dir, "blue.mp4"),
    tone: join(dir, "tone.wav"),
  };
  for (const name of ["red", "green", "blue"] as const) {
    await makeIdentityClip({
      path: files[name],
      width,
      height,
      fps,
      frames: EXPORT_CLIP_FRAMES,
      colour: CLIP_COLOURS[name],
    });
  }
  await makeToneWav({ path: files.tone, silenceSeconds: TONE_SILENCE_SECONDS, toneSeconds: 1 });
  return files;
}

/** The arrangement as a timeline over these media ids (the split right half gets `splitId`). */
export function makeArrangedTimeline(
  ids: { red: string; green: string; blue: string; tone: string },
  splitId = "green-2",
): Timeline {
  const { width, height } = EXPORT_TEST_FORMAT;
  let timeline = makeTimeline({
    items: [
      makeTimelineItem({ id: "red", mediaId: ids.red, sourceFrames: 60, trimIn: 5, trimOut: 10 }),
      makeTimelineItem({ id: "green", mediaId: ids.green, sourceFrames: 60 }),
      makeTimelineItem({
        id: "blue",
        track: "V2",
        mediaId: ids.blue,
        sourceFrames: 60,
        trimIn: 3,
        trimOut: 17,
        startFrame: 30,
        x: width / 4,
        y: height / 4,
        scale: 0.5,
      }),
      makeTimelineItem({
        id: "tone",
        track: "A1",
        mediaId: ids.tone,
        sourceFrames: 35,
        trimIn: 5,
        startFrame: 20,
      }),
    ],
  });
  timeline = splitItemAt({ timeline, itemId: "green", frame: 60, newId: splitId });
  return trimTimelineItem({ timeline, itemId: splitId, edge: "in", deltaFrames: 10 });
}

/** Frames worth checking: both ends of every visible stretch and one inside. */
export function framesToCheck(spec: RenderSpec): number[] {
  const frames = new Set<number>([0, spec.durationFrames - 1]);
  for (const item of spec.video) {
    const end = item.startFrame + item.durationFrames;
    for (const f of [
      item.startFrame,
      item.startFrame + 1,
      Math.floor((item.startFrame + end) / 2),
      end - 1,
      end,
    ]) {
      if (f >= 0 && f < spec.durationFrames) frames.add(f);
    }
  }
  return [...frames].sort((a, b) => a - b);
}

/**
 * Checks an exported film against its spec; `colourOf` maps a media id to its palette index.
 * Returns the problems found (empty when the film is right).
 */
export async function checkExportedFilm({
  path,
  spec,
  colourOf,
  toneSeconds,
}: {
  path: string;
  spec: RenderSpec;
  colourOf: (mediaId: string) => number;
  /** When the first sound must start, in seconds; omitted when the film is silent. */
  toneSeconds?: number;
}): Promise<string[]> {
  const problems: string[] = [];
  const { width, height } = spec;
  const probe = await probeFilm(path);
  if (probe.width !== width || probe.height !== height) {
    problems.push(`size ${probe.width}×${probe.height}, expected ${width}×${height}`);
  }
  if (probe.frames !== spec.durationFrames) {
    problems.push(`${probe.frames} frames, expected ${spec.durationFrames}`);
  }
  const frames = await readFilmFrames(path, width, height);
  for (const f of framesToCheck(spec)) {
    const rgb = frames[f];
    if (!rgb) continue;
    for (const layer of framesToRender(spec, f)) {
      const rect = snapLayerRect(
        computeLayerRect({
          sourceWidth: EXPORT_TEST_FORMAT.width,
          sourceHeight: EXPORT_TEST_FORMAT.height,
          width,
          height,
          x: layer.item.x,
          y: layer.item.y,
          scale: layer.item.scale,
        }),
      );
      const read = readIdentityFrame({ rgb, width, height, rect, source: EXPORT_TEST_FORMAT });
      const colour = nearestIdentityColour(read.colour);
      const expected = colourOf(layer.item.mediaId);
      if (colour !== expected || read.frame !== layer.sourceFrame) {
        problems.push(
          `frame ${f} ${layer.track}: clip colour ${colour} source frame ${read.frame}, expected colour ${expected} source frame ${layer.sourceFrame}`,
        );
      }
    }
  }
  if (toneSeconds !== undefined) {
    const samples = await readFilmAudio(path);
    const onset = findOnset(samples);
    const expected = Math.round(toneSeconds * 48_000);
    // One encoder block: AAC 1024 samples, Opus 960.
    if (onset < 0 || Math.abs(onset - expected) > 1024) {
      problems.push(`tone starts at sample ${onset}, expected ${expected} ± 1024`);
    }
  }
  return problems;
}
