import { describe, expect, it } from 'vitest';
import { macroVariablesOf, renderMacro, searchKind, unknownMacroVariable, waitInWords } from './workspace.js';

describe('macros', () => {
  it('lists the variables a body uses and names the first unknown one', () => {
    expect(macroVariablesOf('{{buyerName}}您好，{{ caseNo }} {{buyerName}}')).toEqual(['buyerName', 'caseNo']);
    expect(unknownMacroVariable('{{buyerName}} {{orderTotal}} {{x}}')).toBe('orderTotal');
    expect(unknownMacroVariable('{{buyerName}} {{waybill}} {{caseNo}} {{refundAmount}}')).toBeNull();
  });

  it('renders known values and keeps a missing one visible', () => {
    expect(renderMacro('{{buyerName}}您好，退款 {{refundAmount}}，运单 {{waybill}}', { buyerName: '买家小王', refundAmount: '¥59.90' })).toBe(
      '买家小王您好，退款 ¥59.90，运单 {{waybill}}',
    );
  });
});

describe('search input', () => {
  it('reads only a whole phone number as a phone', () => {
    expect(searchKind('13800000001')).toBe('PHONE');
    expect(searchKind('1380000')).toBe('TEXT');
    expect(searchKind('C20261207ABC123')).toBe('CASE_NO');
  });
  it('says the wait in words', () => {
    expect(waitInWords(5, 'zh-CN')).toBe('约 5 分钟');
    expect(waitInWords(1, 'en')).toBe('about 1 minute');
    expect(waitInWords(120, 'en')).toBe('about 2 hours');
  });
});
