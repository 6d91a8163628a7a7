import type { EntityManager } from '@mikro-orm/postgresql';
import { MacroNextStep } from '@parceldesk/shared';
import type { User } from '../accounts/user.entity.js';
import { Macro } from '../workspace/macro.entity.js';

/** The agents' first canned replies (快捷回复), shared by every agent. */
export function seedDemoMacros(em: EntityManager, author: User): void {
  const macros: [string, string, MacroNextStep | null][] = [
    ['少件退款', '{{buyerName}}您好，投诉单 {{caseNo}} 已核实少件，为您退款 {{refundAmount}}，1-3 个工作日原路退回。', MacroNextStep.PROPOSE_REFUND],
    ['补充照片', '{{buyerName}}您好，为尽快处理投诉单 {{caseNo}}，请补充快递面单（运单号 {{waybill}}）和箱内物品的照片。', MacroNextStep.REQUEST_EVIDENCE],
    ['已收到', '{{buyerName}}您好，您的问题已收到，我们正在核实，请稍候。', null],
  ];
  for (const [title, body, nextStep] of macros) em.persist(new Macro({ title, body, nextStep, author }));
}
