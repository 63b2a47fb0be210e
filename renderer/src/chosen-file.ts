/** A file the person chose or dropped, read in the page: a read that fails says why in words, never only in the console. */
import { inputFailure, type InputFailure } from '../../shared/failure';
import { err, ok, type Result } from '../../shared/result';

/**
 * The file's text, or a failure naming it (the browser's reason, such as NotFoundError, when there is one) with
 * `hint`: what to do. The File is a reference to the disk: a file moved, changed or deleted since it was chosen
 * cannot be read.
 */
export async function chosenFileText(file: File, hint: string): Promise<Result<string, InputFailure>> {
  try {
    return ok(await file.text());
  } catch (e) {
    const why = e instanceof DOMException ? ` (${e.name})` : '';
    return err(inputFailure('file', `${file.name} could not be read${why}: it may have been moved, changed or deleted since it was chosen, or you may not be allowed to read it.`, hint));
  }
}
