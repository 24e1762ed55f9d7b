/**
 * A modal <dialog>: opened with showModal() (the page behind is inert, Escape closes), focus moved to
 * the first field inside, and its content mounted only while open so each opening starts afresh.
 */
import { type ReactNode, useEffect, useRef } from 'react';

const FOCUSABLE =
  '[data-autofocus], input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

export function Modal({
  open,
  onClose,
  labelledBy,
  children,
}: {
  open: boolean;
  onClose: () => void;
  /** The id of the dialog's heading: its accessible name. */
  labelledBy: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={labelledBy} onClose={onClose}>
      {open && children}
    </dialog>
  );
}

/**
 * The button that opens a dialog. It is hidden while the dialog is open (the dialog's own buttons may
 * bear the same words) and takes the focus back when the dialog closes. A disabled trigger should say
 * why, in the element `describedBy` names.
 */
export function DialogTrigger({
  open,
  onOpen,
  children,
  className,
  disabled,
  describedBy,
}: {
  open: boolean;
  onOpen: () => void;
  children: ReactNode;
  className?: string;
  disabled?: boolean;
  describedBy?: string;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // After the dialog's own close, which puts the focus back where it was at showModal (nowhere: this
    // button was hidden by then).
    if (wasOpen.current && !open) setTimeout(() => ref.current?.focus(), 0);
    wasOpen.current = open;
  }, [open]);
  return (
    <button
      ref={ref}
      type="button"
      hidden={open}
      onClick={onOpen}
      className={className}
      disabled={disabled}
      aria-describedby={describedBy}
    >
      {children}
    </button>
  );
}
