/** The inpaint dialog (FEATURES §8: a proper dialog, not `window.prompt`): what fills the mask. */
import { createSignal, type JSX } from "solid-js";

export interface InpaintDialogProps {
  /** A job is being started; the Inpaint button waits. */
  busy: boolean;
  onCancel: () => void;
  /** The trimmed, non-empty prompt. */
  onSubmit: (prompt: string) => void;
}

export function InpaintDialog(props: InpaintDialogProps): JSX.Element {
  const [prompt, setPrompt] = createSignal("");
  return (
    <form
      class="masking__dialog"
      role="dialog"
      aria-label="Inpaint the mask"
      data-testid="masking-inpaint-dialog"
      onPointerDown={event => event.stopPropagation()}
      onSubmit={event => {
        event.preventDefault();
        const text = prompt().trim();
        if (text) props.onSubmit(text);
      }}
    >
      <label>
        What should fill the mask?
        <textarea
          data-testid="masking-inpaint-prompt"
          rows={3}
          value={prompt()}
          onInput={event => setPrompt(event.currentTarget.value)}
        />
      </label>
      <div class="masking__dialog-actions">
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button
          type="submit"
          data-testid="masking-inpaint-run"
          disabled={props.busy || prompt().trim() === ""}
        >
          Inpaint
        </button>
      </div>
    </form>
  );
}
