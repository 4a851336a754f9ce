// Closing the window: the app asks the page first (src-tauri/src/close.rs), so edits
// still waiting for a pause in typing are saved before the window goes. Whatever is
// on screen may hold the close with a check (the workspace: "is everything saved?").

/** Resolves true when the window may close now; false keeps it open. */
export type CloseCheck = () => Promise<boolean>;

let check: CloseCheck | null = null;

/** Installs the check for as long as its screen is shown; returns its removal. */
export function holdCloseWith(c: CloseCheck): () => void {
  check = c;
  return () => {
    if (check === c) check = null;
  };
}

/** Answers a close request: runs the check, then tells the app to close or stay. */
export async function closeRequested(answer: (close: boolean) => Promise<unknown>): Promise<void> {
  let close = true;
  if (check) {
    try {
      close = await check();
    } catch {
      close = false; // a check that broke has not proved everything is saved
    }
  }
  await answer(close);
}

/** The workspace's check: save what is pending; close only if nothing is left unsaved. */
export async function savedBeforeClose(autosave: { flush(): Promise<void>; readonly unsaved: boolean }): Promise<boolean> {
  await autosave.flush();
  return !autosave.unsaved;
}
