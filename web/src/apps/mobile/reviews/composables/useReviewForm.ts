import { REVIEW_LIMITS } from '@parceldesk/shared';
import { useMutation, useQuery } from '@urql/vue';
import { computed, reactive, ref } from 'vue';
import { errorField, useErrorMessage } from '#shared/errors/errorMessage';
import { FilingOptionsQuery } from '../../complaints/graphql/complaints';
import { usePhotoQueue } from '../../complaints/composables/usePhotoQueue';
import { PostReviewMutation } from '../graphql/reviews';
import { reviewReady } from './reviewReady';

export interface PostedReview {
  joinedExistingComplaint: boolean;
}

/**
 * The review form: stars, text, photos (each uploading with its progress, like the complaint
 * form's), and the 少件 tag with the missing lines. The tag's limits come from the complaint
 * form's own query (what arrived minus what is claimed), asked only once the tag is on.
 */
export function useReviewForm(orderId: () => string) {
  const errorMessage = useErrorMessage();
  const rating = ref(0);
  const body = ref('');
  const arrivedShort = ref(false);
  const missing = reactive<Record<string, number>>({});
  const photoQueue = usePhotoQueue(REVIEW_LIMITS.photosMax);
  const options = useQuery({ query: FilingOptionsQuery, variables: () => ({ orderId: orderId() }), pause: () => !arrivedShort.value });
  const { executeMutation } = useMutation(PostReviewMutation);
  const submitting = ref(false);
  const formError = ref<string | null>(null);
  const fieldErrors = reactive<Record<string, string>>({});

  const claimable = computed(() => options.data.value?.complaintFilingOptions.lines ?? []);
  const openCase = computed(() => options.data.value?.complaintFilingOptions.openComplaint ?? null);
  const chosen = computed(() => claimable.value.filter((l) => (missing[l.line.id] ?? 0) > 0).map((l) => ({ orderLineId: l.line.id, quantityMissing: missing[l.line.id]! })));
  const bodyLength = computed(() => body.value.trim().length);
  const canSubmit = computed(() =>
    reviewReady({
      rating: rating.value,
      bodyLength: bodyLength.value,
      arrivedShort: arrivedShort.value,
      missingLines: chosen.value.length,
      uploadedPhotos: photoQueue.uploadedIds.value.length,
      uploading: photoQueue.busy.value,
      submitting: submitting.value,
    }),
  );

  async function submit(): Promise<PostedReview | null> {
    formError.value = null;
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key];
    submitting.value = true;
    try {
      const result = await executeMutation({
        input: {
          orderId: orderId(),
          rating: rating.value,
          body: body.value,
          evidenceIds: photoQueue.uploadedIds.value,
          arrivedShort: arrivedShort.value,
          missingItems: arrivedShort.value ? chosen.value : [],
        },
      });
      if (result.data) return { joinedExistingComplaint: result.data.postReview.joinedExistingComplaint };
      const message = result.error?.graphQLErrors[0]?.message ?? errorMessage(result.error) ?? '';
      const field = errorField(result.error);
      if (field?.startsWith('missingItems')) fieldErrors.missingItems = message;
      else if (field) fieldErrors[field] = message;
      else formError.value = errorMessage(result.error) ?? message;
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return { rating, body, bodyLength, arrivedShort, missing, claimable, openCase, ...photoQueue, canSubmit, submitting, submit, formError, fieldErrors };
}
