import { REVIEW_LIMITS } from '@parceldesk/shared';
import { useMutation, useQuery } from '@urql/vue';
import { computed, reactive, toRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { usePhotoForm, type FormCheck } from '#mobile/composables/usePhotoForm';
import { FilingOptionsQuery } from '../../complaints/graphql/complaints';
import { PostReviewMutation } from '../graphql/reviews';

export interface PostedReview {
  joinedExistingComplaint: boolean;
}

/**
 * The review form: stars, text, photos and the 少件 tag with the missing lines, on the same photo
 * form as the complaint's (uploads once, draft per order, explains what is missing). The tag's
 * limits come from the complaint form's own query (what arrived minus what is claimed), asked only
 * once the tag is on.
 */
export function useReviewForm(orderId: () => string) {
  const { t } = useI18n();
  const form = usePhotoForm({ form: 'review', orderId, maxPhotos: REVIEW_LIMITS.photosMax, extra: reactive({ rating: 0, arrivedShort: false }) });
  const rating = toRef(form.extra, 'rating');
  const arrivedShort = toRef(form.extra, 'arrivedShort');
  const options = useQuery({ query: FilingOptionsQuery, variables: () => ({ orderId: orderId() }), pause: () => !arrivedShort.value });
  const { executeMutation } = useMutation(PostReviewMutation);

  const claimable = computed(() => options.data.value?.complaintFilingOptions.lines ?? []);
  const openCase = computed(() => options.data.value?.complaintFilingOptions.openComplaint ?? null);
  const chosen = computed(() => form.chosen(claimable.value.map((l) => l.line.id)));
  const bodyLength = computed(() => form.text.value.trim().length);

  function checks(): FormCheck[] {
    const firstLine = claimable.value.find((l) => l.claimableQuantity > 0) ?? claimable.value[0];
    return [
      { field: 'rating', ok: rating.value >= REVIEW_LIMITS.ratingMin && rating.value <= REVIEW_LIMITS.ratingMax, message: t('reviews.need.rating'), focus: 'review-star-1' },
      { field: 'body', ok: bodyLength.value <= REVIEW_LIMITS.bodyMaxLength, message: t('reviews.need.bodyLength', { max: REVIEW_LIMITS.bodyMaxLength }), focus: 'review-body' },
      { field: 'missingItems', ok: !arrivedShort.value || chosen.value.length > 0, message: t('reviews.need.lines'), focus: firstLine ? `review-qty-${firstLine.line.id}` : 'review-short' },
      { field: 'evidenceIds', ok: !arrivedShort.value || form.hasPhotos.value, message: t('reviews.need.photo'), focus: 'review-add-photos' },
    ];
  }

  async function submit(): Promise<PostedReview | null> {
    if (!(await form.ready(t('reviews.waitUploads'), checks()))) return null;
    const input = {
      orderId: orderId(),
      rating: rating.value,
      body: form.text.value,
      evidenceIds: form.uploadedIds.value,
      arrivedShort: arrivedShort.value,
      missingItems: arrivedShort.value ? chosen.value : [],
    };
    return form.send(
      () => executeMutation({ input }),
      (answer) => ({ joinedExistingComplaint: answer.postReview.joinedExistingComplaint }),
    );
  }

  return { ...form, rating, body: form.text, bodyLength, arrivedShort, claimable, openCase, submit };
}
