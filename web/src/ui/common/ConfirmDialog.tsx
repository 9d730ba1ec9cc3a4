import type { JSX } from "solid-js";
import { Dialog } from "./Dialog";

/** Asks before something that cannot be undone; the confirm button names the action. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: JSX.Element;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}): JSX.Element {
  return (
    <Dialog
      open={props.open}
      title={props.title}
      onClose={() => props.onCancel()}
      alert
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" class="button" onClick={() => props.onCancel()}>
            Cancel
          </button>
          <button
            type="button"
            class={props.danger ? "button button-danger" : "button button-primary"}
            data-testid="confirm-button"
            onClick={() => props.onConfirm()}
          >
            {props.confirmLabel}
          </button>
        </>
      }
    >
      {props.children}
    </Dialog>
  );
}
