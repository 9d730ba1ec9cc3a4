/**
 * "Select by text" (FEATURES §8): a grounding model finds the described object and its box becomes
 * the prompt's box. Without a grounding model the field is disabled and says what it needs.
 */
import { Show, createSignal, type JSX } from "solid-js";
import type { Box } from "@milimo/shared/sam";

/** What the studio offers for text selection. */
export type TextSelect =
  | {
      available: true;
      /** The best box for `text` in this frame (image pixels), or null when nothing matches. */
      find(text: string): Promise<{ box: Box; score: number } | null>;
    }
  | { available: false; reason: string };

export interface TextSelectFieldProps {
  textSelect: TextSelect;
  /** The found box, to become the prompt's box. */
  onBox: (box: Box) => void;
}

export function TextSelectField(props: TextSelectFieldProps): JSX.Element {
  const [text, setText] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ text: string; error: boolean } | null>(null);
  const reason = () => (props.textSelect.available ? null : props.textSelect.reason);

  const find = async () => {
    const select = props.textSelect;
    const query = text().trim();
    if (!select.available || !query || busy()) return;
    setBusy(true);
    setMessage(null);
    try {
      const found = await select.find(query);
      if (!found) {
        setMessage({ text: `Nothing matching “${query}” was found in this frame.`, error: true });
        return;
      }
      setMessage({ text: `Found “${query}” (${Math.round(found.score * 100)} %).`, error: false });
      props.onBox(found.box);
    } catch (error) {
      const detail = error instanceof Error && error.message ? error.message : String(error);
      setMessage({ text: `Could not select by text: ${detail}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="masking__text"
      data-testid="masking-text"
      onSubmit={event => {
        event.preventDefault();
        void find();
      }}
    >
      <input
        type="text"
        data-testid="masking-text-input"
        aria-label="Select by text"
        placeholder="Select by text, e.g. the red car"
        maxLength={200}
        disabled={!props.textSelect.available || busy()}
        title={reason() ?? "Describe the object to select"}
        value={text()}
        onInput={event => setText(event.currentTarget.value)}
      />
      <button
        type="submit"
        data-testid="masking-text-find"
        disabled={!props.textSelect.available || busy() || text().trim() === ""}
      >
        {busy() ? "Finding…" : "Find"}
      </button>
      <Show when={reason() ?? message()?.text}>
        {line => (
          <span
            class="masking__text-message"
            classList={{ "masking__text-message--error": message()?.error === true }}
            data-testid="masking-text-message"
          >
            {line()}
          </span>
        )}
      </Show>
    </form>
  );
}
