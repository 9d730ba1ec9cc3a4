import { Show, createEffect, onCleanup, type JSX } from "solid-js";

/**
 * A modal dialog on the native <dialog> (focus trap, Esc and backdrop for free). `open` drives
 * showModal/close; `onClose` fires on Esc or the close button.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: JSX.Element;
  footer?: JSX.Element;
  testId?: string;
  /** Role "alertdialog" for confirmations. */
  alert?: boolean;
}): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  createEffect(() => {
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  onCleanup(() => dialog?.open && dialog.close());
  const titleId = `dialog-title-${Math.random().toString(36).slice(2, 8)}`;
  return (
    <dialog
      ref={element => (dialog = element)}
      class="dialog"
      role={props.alert ? "alertdialog" : "dialog"}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={event => {
        event.preventDefault();
        props.onClose();
      }}
      onKeyDown={event => {
        // Keys typed in a dialog belong to it: the editor's window shortcuts (Delete, Space,
        // Escape) must not act on the timeline behind it, nor cancel the native Esc handling.
        event.stopPropagation();
        if (event.key === "Escape") {
          event.preventDefault();
          props.onClose();
        }
      }}
    >
      <Show when={props.open}>
        <header class="dialog-header">
          <h2 id={titleId}>{props.title}</h2>
          <button
            type="button"
            class="icon-button"
            aria-label="Close"
            onClick={() => props.onClose()}
          >
            ×
          </button>
        </header>
        <div class="dialog-body">{props.children}</div>
        <Show when={props.footer}>
          <footer class="dialog-footer">{props.footer}</footer>
        </Show>
      </Show>
    </dialog>
  );
}
