/** The agent's case form from a support thread, as plain data (the component binds it). */
export interface CaseFormState {
  orderId: string | null;
  /** Missing units by order line id (0: not missing). */
  quantities: Record<string, number>;
  photoIds: string[];
  description: string;
  idempotencyKey: string;
}

export function emptyCaseForm(orderId: string | null, description = ''): CaseFormState {
  return { orderId, quantities: {}, photoIds: [], description, idempotencyKey: crypto.randomUUID() };
}

/** The fileComplaint input for the form, or null while it names nothing missing. */
export function toFilingInput(threadId: string, form: CaseFormState) {
  const missingItems = Object.entries(form.quantities)
    .filter(([, quantity]) => Number.isInteger(quantity) && quantity > 0)
    .map(([orderLineId, quantityMissing]) => ({ orderLineId, quantityMissing }));
  if (!form.orderId || missingItems.length === 0) return null;
  return {
    threadId,
    orderId: form.orderId,
    missingItems,
    description: form.description,
    evidenceIds: form.photoIds,
    // Made once per form: a double click or a retry after a timeout files once.
    idempotencyKey: form.idempotencyKey,
  };
}
