import { describe, expect, it } from 'vitest';
import { emptyCaseForm, toFilingInput } from './caseForm';

describe('toFilingInput', () => {
  it('sends only the lines with missing units, the picked photos and the form’s one key', () => {
    const form = { ...emptyCaseForm('o1', '少一盒'), quantities: { l1: 1, l2: 0, l3: 2 }, photoIds: ['p1'] };
    const input = toFilingInput('t1', form)!;
    expect(input).toEqual({
      threadId: 't1',
      orderId: 'o1',
      missingItems: [{ orderLineId: 'l1', quantityMissing: 1 }, { orderLineId: 'l3', quantityMissing: 2 }],
      description: '少一盒',
      evidenceIds: ['p1'],
      idempotencyKey: form.idempotencyKey,
    });
    expect(toFilingInput('t1', form)!.idempotencyKey).toBe(input.idempotencyKey);
  });

  it('is null until an order and a missing unit are named', () => {
    expect(toFilingInput('t1', emptyCaseForm(null))).toBeNull();
    expect(toFilingInput('t1', { ...emptyCaseForm('o1'), quantities: { l1: 0 } })).toBeNull();
    expect(emptyCaseForm('o1').idempotencyKey).not.toBe(emptyCaseForm('o1').idempotencyKey);
  });
});
