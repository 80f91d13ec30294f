/**
 * The bill's words (zh-CN, as the front desk says them; see GLOSSARY.md). Bills are data kept
 * with the session, so the labels are fixed zh-CN text, not looked up per screen language.
 */
export const BillLabels = {
  time: '房费',
  overtime: '超时',
  package: '套餐',
  packageItem: '套餐内含',
  unitAdded: '计费单位补足',
  graceDropped: '宽限免计',
  void: '退单',
  memberDiscount: '会员折扣',
  manualDiscount: '整单折扣',
  minimumSpend: '最低消费补足',
  serviceCharge: '服务费',
  roundDown: '抹零',
  perHour: '/小时',
} as const;
