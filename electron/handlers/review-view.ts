/** A review as the renderer sees it: its summary, key ids masked (as every report masks them); its findings on request. */
import type { ReviewView } from '../../shared/model.js';
import type { ReviewWorker } from './review-job.js';
import type { ReviewOutcome } from './review-work.js';

/** A review held in main: its summary, where it was saved, what the sources said, and the worker holding its findings. */
export interface HeldReview extends ReviewOutcome {
  readonly worker: ReviewWorker;
}

/** The view of a held review. */
export function reviewView(reviewId: string, held: HeldReview): ReviewView {
  return { reviewId, ...held.summary, savedAs: held.savedAs, notes: held.notes };
}
