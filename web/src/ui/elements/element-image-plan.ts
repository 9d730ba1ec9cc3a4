import { ELEMENT_IMAGE_SIZE, elementImagePrompt } from "@milimo/shared/elements";
import type { Element } from "@milimo/shared/schema";
import { DEFAULT_IMAGE_FORM, type ImageJobPlan } from "../images/image-form";

/** The `generate-image` job for an element's reference image (1024², steps 25, guidance 2). */
export function elementImagePlan({
  element,
  seed,
}: {
  element: Pick<Element, "type" | "name" | "description">;
  seed: number;
}): ImageJobPlan {
  return {
    kind: "generate-image",
    references: [],
    params: {
      prompt: elementImagePrompt(element),
      width: ELEMENT_IMAGE_SIZE,
      height: ELEMENT_IMAGE_SIZE,
      steps: DEFAULT_IMAGE_FORM.steps,
      guidance: DEFAULT_IMAGE_FORM.guidance,
      seed,
    },
  };
}
