import { departmentFromProto, type DepartmentId } from '@care/catalogue';
import { CatalogueEvents, RegistryEvents, type common } from '@care/contracts';
import { handle, NonRetryableError, type Subscription } from '@care/events';
import { factsFromProto } from './facts-from-proto';
import type { DepartmentProjection } from './projection.service';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

function departmentsOf(values: readonly number[]): DepartmentId[] {
  return values.map(departmentFromProto).filter((d): d is DepartmentId => d !== undefined);
}

function requireInstant(value: string, field: string, topic: string): string {
  if (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value)))
    throw new NonRetryableError(`${topic}: ${field} is not an ISO-8601 instant: ${JSON.stringify(value)}`);
  return value;
}

/**
 * The registry's child facts (registered, updated, migrant status, moved out) and key-care
 * ledger events. A message breaking its contract goes to the dead-letter topic at once.
 */
export function registrySubscriptions(projection: DepartmentProjection): Subscription[] {
  const facts = async (proto: common.ChildFacts | undefined, topic: string): Promise<void> => {
    const read = factsFromProto(proto);
    if (!read.ok) throw new NonRetryableError(`${topic}: ${read.reason}`);
    await projection.applyFacts(read.value);
  };
  return [
    handle(RegistryEvents.childRegistered, (e) => facts(e.message.facts, e.topic)),
    handle(RegistryEvents.childUpdated, (e) => facts(e.message.facts, e.topic)),
    handle(RegistryEvents.migrantStatusChanged, (e) => facts(e.message.facts, e.topic)),
    handle(RegistryEvents.childMovedOut, (e) => facts(e.message.facts, e.topic)),
    handle(RegistryEvents.keyCareEntryAdded, (e) =>
      projection.applyKeyCare(
        e.message.childId,
        e.message.entryId,
        true,
        requireInstant(e.message.changedAt, 'changed_at', e.topic),
      ),
    ),
    handle(RegistryEvents.keyCareEntryChanged, (e) =>
      projection.applyKeyCare(
        e.message.childId,
        e.message.entryId,
        true,
        requireInstant(e.message.changedAt, 'changed_at', e.topic),
      ),
    ),
    handle(RegistryEvents.keyCareEntryClosed, (e) =>
      projection.applyKeyCare(
        e.message.childId,
        e.message.entryId,
        false,
        requireInstant(e.message.closedAt, 'closed_at', e.topic),
      ),
    ),
  ];
}

/** The catalogue's grants and withdrawals, of the items this service's departments serve (others are skipped). */
export function entitlementSubscriptions(projection: DepartmentProjection): Subscription[] {
  return [
    handle(CatalogueEvents.entitlementGranted, async (e) => {
      const departments = departmentsOf(e.message.departments);
      if (!projection.serves(departments)) return;
      if (e.message.childId === '' || e.message.itemCode === '')
        throw new NonRetryableError(`${e.topic}: child_id and item_code are required`);
      await projection.applyGrant({
        childId: e.message.childId,
        itemCode: e.message.itemCode,
        itemName: e.message.itemName,
        countyCode: e.message.countyCode,
        departments,
        listVersion: e.message.listVersion,
        grantedAt: requireInstant(e.message.grantedAt, 'granted_at', e.topic),
      });
    }),
    handle(CatalogueEvents.entitlementWithdrawn, async (e) => {
      const departments = departmentsOf(e.message.departments);
      if (!projection.serves(departments)) return;
      if (e.message.childId === '' || e.message.itemCode === '')
        throw new NonRetryableError(`${e.topic}: child_id and item_code are required`);
      await projection.applyWithdrawal({
        childId: e.message.childId,
        itemCode: e.message.itemCode,
        countyCode: e.message.countyCode,
        departments,
        reason: e.message.reason,
        withdrawnAt: requireInstant(e.message.withdrawnAt, 'withdrawn_at', e.topic),
      });
    }),
  ];
}
