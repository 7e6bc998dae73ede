/**
 * The platform services of the user's card that are not department services, with their
 * place in the topic registry's DOMAINS (ports 3101 + index, gRPC 50101 + index).
 * generator.spec.ts checks this table against DOMAINS.
 */
export const PLATFORM_SERVICES = {
  gateway: { index: 6, titleZh: '跨区域网关（居住地—户籍地推送与比对）' },
  monitoring: { index: 7, titleZh: '市级大数据监测平台' },
  auth: { index: 8, titleZh: '统一登录与身份认证' },
} as const;

export type PlatformServiceName = keyof typeof PLATFORM_SERVICES;

export function isPlatformServiceName(value: string): value is PlatformServiceName {
  return Object.prototype.hasOwnProperty.call(PLATFORM_SERVICES, value);
}
