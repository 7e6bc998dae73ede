// A department's worklist and delivery records (@care/department-kit: GET /api/v1/worklist,
// POST /api/v1/deliveries), the same API on every department service. Pure, unit-tested.
import { serviceOfDepartment, type DepartmentService, type WebDeployment } from './deployment';
import type { DeliveryOutcome } from './validation';

export interface DeliveryState {
  readonly outcome: DeliveryOutcome;
  readonly onDate: string;
  readonly reason?: string;
}

export interface WorklistEntry {
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly itemCode: string;
  /** The item's name as granted ('' when the catalogue's grant did not carry it). */
  readonly itemName: string;
  readonly departments: readonly string[];
  readonly grantedOn: string;
  readonly dueOn: string;
  readonly daysOverdue: number;
  readonly overdue: boolean;
  readonly keyCare: boolean;
  readonly pending: DeliveryState | null;
}

export interface WorklistPage {
  readonly asOf: string;
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly WorklistEntry[];
}

export const OUTCOME_LABELS: Readonly<Record<DeliveryOutcome, string>> = {
  delivered: '已提供',
  refused: '拒绝/不需要',
  pending: '办理中',
};

/** Only a department's own staff record deliveries (DEPARTMENT_PERMISSIONS 'delivery.record'). */
export function canRecordDelivery(role: string): boolean {
  return role === 'department-officer';
}

/**
 * The department services the person may open: a department officer the one serving their
 * department; civil-affairs staff (the programme's lead, 'worklist.read') every one; nobody else.
 */
export function departmentServicesFor(
  deployment: WebDeployment | null,
  role: string,
  accountDepartment: string,
): DepartmentService[] {
  switch (role) {
    case 'department-officer': {
      const own = serviceOfDepartment(deployment, accountDepartment);
      return own ? [own] : [];
    }
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
      return deployment?.departmentServices.map((s) => s.service) ?? [];
    default:
      return [];
  }
}
