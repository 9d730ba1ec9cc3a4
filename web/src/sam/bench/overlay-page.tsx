/**
 * A harness page for the masking overlay against a real GPU server (same origin): the overlay over
 * a <video> of `?clip=<url>`, wired to the decoder worker, the embedding cache and the mask jobs.
 * Used to check the overlay before (and apart from) the studio's player mounting it.
 */
import { render } from "solid-js/web";
import { createSignal } from "solid-js";
import { makeApiClient } from "../../api/client";
import { makeJobsApi } from "../../jobs/jobs-api";
import { createDecoder } from "../decoder-client";
import type { TrackDirection } from "@milimo/shared/api";
import { MaskingOverlay, captureFrame, type SavedMask } from "../../ui/masking/MaskingOverlay";
import { makeMaskJobs } from "../../ui/masking/mask-jobs";

const params = new URLSearchParams(location.search);
const clipUrl = params.get("clip") ?? "/clip.webm";
const video = document.querySelector<HTMLVideoElement>("#video")!;
const stage = document.querySelector<HTMLDivElement>("#stage")!;
const api = makeApiClient();
const jobsApi = makeJobsApi(api);
const jobs = makeMaskJobs({
  api: jobsApi,
  mediaBlob: async () => (await fetch(clipUrl)).blob(),
});
const log: string[] = [];
(window as unknown as { __maskingLog: string[] }).__maskingLog = log;

async function runInpaint(request: SavedMask & { prompt: string }) {
  const job = await jobs.inpaint({ ...request, seed: 42 });
  const done = await jobs.waitForJob(job.id);
  log.push(`inpaint ${done.status} ${done.id}`);
}

async function runTrack(request: SavedMask & { direction: TrackDirection }) {
  const job = await jobs.track(request);
  const done = await jobs.waitForJob(job.id);
  const masks = done.status === "completed" ? await jobs.readTrackedMasks(done.id) : null;
  log.push(`track ${done.status} ${done.id} frames=${masks?.size ?? 0}`);
}

video.src = clipUrl;
video.addEventListener(
  "loadeddata",
  () => {
    render(() => {
      const [size] = createSignal({ width: video.videoWidth, height: video.videoHeight });
      const decoder = createDecoder({ api, preferWebGpu: params.get("webgpu") !== "0" });
      return (
        <MaskingOverlay
          mediaId="harness-clip"
          frame={0}
          imageWidth={size().width}
          imageHeight={size().height}
          decoder={decoder}
          readFrame={() => captureFrame(video)}
          onStatus={text => log.push(`status: ${text}`)}
          onSave={mask => {
            log.push(`saved ${mask.width}x${mask.height} ${mask.png.size}B`);
          }}
          onInpaint={runInpaint}
          onTrack={runTrack}
        />
      );
    }, stage);
  },
  { once: true },
);
