import type { BlobRecord, ProjectDocument, TrackedMasksRecord } from "./records";
import { mediaBlobKey, thumbnailBlobKey } from "./records";

/**
 * Gives a project and everything in it fresh ids, keeping every reference between them (shot ->
 * scene/media, clip -> shot/media/tracked masks, element -> reference images, blob -> media, tracked
 * masks -> media). Used by duplicate and by importing a file whose project already exists here.
 * Unknown references are kept as is. `trackedMasks` defaults to none.
 */
export function remapProjectIds({
  document,
  blobs,
  trackedMasks = [],
  newId,
}: {
  document: ProjectDocument;
  blobs: readonly BlobRecord[];
  trackedMasks?: readonly TrackedMasksRecord[];
  newId: () => string;
}): { document: ProjectDocument; blobs: BlobRecord[]; trackedMasks: TrackedMasksRecord[] } {
  const ids = new Map<string, string>();
  const fresh = (id: string) => {
    const next = newId();
    ids.set(id, next);
    return next;
  };
  const map = (id: string) => ids.get(id) ?? id;
  const mapNullable = (id: string | null) => (id === null ? null : map(id));

  const projectId = fresh(document.project.id);
  for (const row of [
    ...document.scenes,
    ...document.shots,
    ...document.elements,
    ...document.media,
  ])
    fresh(row.id);
  for (const item of document.timeline.items) fresh(item.id);
  for (const row of trackedMasks) fresh(row.id);

  return {
    document: {
      project: { ...document.project, id: projectId },
      scenes: document.scenes.map(scene => ({ ...scene, id: map(scene.id), projectId })),
      shots: document.shots.map(shot => ({
        ...shot,
        id: map(shot.id),
        projectId,
        sceneId: mapNullable(shot.sceneId),
        mediaId: mapNullable(shot.mediaId),
        thumbnailMediaId: mapNullable(shot.thumbnailMediaId),
        conditioning: shot.conditioning.map(c => ({ ...c, mediaId: map(c.mediaId) })),
      })),
      elements: document.elements.map(element => ({
        ...element,
        id: map(element.id),
        projectId,
        referenceMediaIds: element.referenceMediaIds.map(map),
      })),
      timeline: {
        ...document.timeline,
        items: document.timeline.items.map(item => ({
          ...item,
          id: map(item.id),
          mediaId: mapNullable(item.mediaId),
          shotId: mapNullable(item.shotId),
          // Masks name media of this project; tracked masks also name their own row (copied below).
          ...(item.masks && {
            masks: item.masks.map(mask => ({
              ...mask,
              mediaId: map(mask.mediaId),
              maskMediaId: mapNullable(mask.maskMediaId),
            })),
          }),
          ...(item.trackedObjects && {
            trackedObjects: item.trackedObjects.map(object => ({
              ...object,
              id: map(object.id),
              mediaId: map(object.mediaId),
              keyframes: [...object.keyframes],
            })),
          }),
        })),
        tracks: document.timeline.tracks.map(track => ({ ...track })),
        markers: [...document.timeline.markers],
      },
      media: document.media.map(media => ({ ...media, id: map(media.id), projectId })),
    },
    blobs: blobs.map(blob => {
      const mediaId = map(blob.mediaId);
      const key = blob.role === "thumbnail" ? thumbnailBlobKey(mediaId) : mediaBlobKey(mediaId);
      return { ...blob, key, mediaId, projectId };
    }),
    trackedMasks: trackedMasks.map(row => ({
      ...row,
      id: map(row.id),
      projectId,
      mediaId: map(row.mediaId),
    })),
  };
}
