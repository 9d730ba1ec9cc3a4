/**
 * The container side of an export: encoded chunks in, an MP4 or WebM out, through mediabunny.
 * Writing to memory uses MP4 fast start (index first, so the file plays while it downloads);
 * writing to a file the user picked streams with the index at the end, so memory stays flat on
 * long films. Packets are added as the encoders emit them (decode order); `pending()` counts
 * writes not yet accepted, which the producer treats as back-pressure.
 */
import {
  BufferTarget,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedVideoPacketSource,
  Mp4OutputFormat,
  Output,
  StreamTarget,
  WebMOutputFormat,
  type StreamTargetChunk,
} from "mediabunny";
import type { RenderAudioCodec, RenderContainer, RenderVideoCodec } from "@milimo/shared/render";

/** Where the file goes: memory (then a download) or a writable stream (a picked file). */
export type MuxTarget =
  { kind: "buffer" } | { kind: "stream"; writable: WritableStream<StreamTargetChunk> };

export interface Muxer {
  addVideo(chunk: EncodedVideoChunk, meta?: EncodedVideoChunkMetadata): void;
  addAudio(chunk: EncodedAudioChunk, meta?: EncodedAudioChunkMetadata): void;
  /** Packets handed over but not yet written. */
  pending(): number;
  /** Resolves once every pending packet is written (rejects with the first write error). */
  drain(): Promise<void>;
  /** Writes the index; the file's bytes for a buffer target, else null. */
  finalize(): Promise<ArrayBuffer | null>;
  cancel(): Promise<void>;
  /** MIME type of the file, e.g. `video/mp4; codecs="avc1.64001f, opus"`. */
  mimeType(): Promise<string>;
}

/** Starts an output with one video track and, when `audio` is given, one audio track. */
export async function makeMuxer({
  container,
  target,
  video,
  audio,
}: {
  container: RenderContainer;
  target: MuxTarget;
  video: { codec: RenderVideoCodec; fps: number };
  audio: { codec: RenderAudioCodec } | null;
}): Promise<Muxer> {
  const output = new Output({
    format:
      container === "mp4"
        ? new Mp4OutputFormat({ fastStart: target.kind === "buffer" ? "in-memory" : false })
        : new WebMOutputFormat(),
    target:
      target.kind === "buffer"
        ? new BufferTarget()
        : new StreamTarget(target.writable, { chunked: true }),
  });
  const videoSource = new EncodedVideoPacketSource(video.codec);
  output.addVideoTrack(videoSource, { frameRate: video.fps });
  const audioSource = audio ? new EncodedAudioPacketSource(audio.codec) : null;
  if (audioSource) output.addAudioTrack(audioSource);
  await output.start();

  let inFlight = 0;
  let failure: Error | null = null;
  let chain: Promise<void> = Promise.resolve();
  const track = (write: () => Promise<void>) => {
    inFlight++;
    // Chained so packets reach the muxer in the order the encoders emitted them.
    chain = chain
      .then(() => (failure === null ? write() : undefined))
      .catch((error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        inFlight--;
      });
  };

  return {
    addVideo(chunk, meta) {
      const packet = EncodedPacket.fromEncodedChunk(chunk);
      track(() => videoSource.add(packet, meta));
    },
    addAudio(chunk, meta) {
      if (!audioSource) return;
      const packet = EncodedPacket.fromEncodedChunk(chunk);
      track(() => audioSource.add(packet, meta));
    },
    pending: () => inFlight,
    async drain() {
      await chain;
      if (failure !== null) throw failure;
    },
    async finalize() {
      await chain;
      if (failure !== null) throw failure;
      videoSource.close();
      audioSource?.close();
      await output.finalize();
      const t = output.target;
      return t instanceof BufferTarget ? t.buffer : null;
    },
    async cancel() {
      if (output.state === "canceled" || output.state === "finalized") return;
      await output.cancel();
    },
    mimeType: () => output.getMimeType(),
  };
}
