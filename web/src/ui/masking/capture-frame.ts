/** The picture under the playhead as a PNG, for the server to encode once per frame. */

/** The current frame of a <video> or <img> as a PNG at its intrinsic size. */
export async function captureFrame(element: HTMLVideoElement | HTMLImageElement): Promise<Blob> {
  const width = element instanceof HTMLVideoElement ? element.videoWidth : element.naturalWidth;
  const height = element instanceof HTMLVideoElement ? element.videoHeight : element.naturalHeight;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot copy the frame.");
  context.drawImage(element, 0, 0, width, height);
  return canvas.convertToBlob({ type: "image/png" });
}
