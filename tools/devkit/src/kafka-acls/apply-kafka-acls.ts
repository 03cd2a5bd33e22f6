import { parsePlatformCatalog } from '@govmetrics/contracts';
import type { AclEntry, Admin, Kafka } from 'kafkajs';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { ensureTopics, kafkaCall } from '@govmetrics/kafka';
import { readFileSync } from 'node:fs';
import { aclBindings } from './kafka-acl-bindings';
import type { KafkaPrincipalGrants } from './kafka-acl-table';
import { kafkaAclTable } from './kafka-acl-table';
import { SECURED_TOPICS } from './secured-topics';

/** The table for the platforms of a platform catalog file (each one a principal `platform-<id>`). */
export const kafkaAclTableFor = (platformCatalogPath: string): KafkaPrincipalGrants[] =>
  kafkaAclTable(Object.keys(parsePlatformCatalog(readFileSync(platformCatalogPath, 'utf8')).platforms));

export interface AppliedAcls {
  applied: number;
  /** ACLs the broker held that are not in the table: a grant dropped from the table, or one added by hand. */
  removed: number;
}

/**
 * Creates the pipeline's topics, then makes the broker's ACLs exactly the table's, as a super user: creates what is
 * missing (the broker keeps one copy of an ACL created twice) and deletes every other ACL, then waits until the broker
 * enforces that set.
 */
export async function applyKafkaAcls(admin: Kafka, table: readonly KafkaPrincipalGrants[]): Promise<AppliedAcls> {
  await ensureTopics(admin, [...SECURED_TOPICS]);
  const wanted = aclBindings(table);
  const wantedKeys = new Set(wanted.map(bindingKey));
  const client = admin.admin();
  await kafkaCall('admin connect', () => client.connect());
  try {
    await kafkaCall('create ACLs', () => client.createAcls({ acl: wanted }));
    const stale = (await brokerAcls(client)).filter((binding) => !wantedKeys.has(bindingKey(binding)));
    if (stale.length > 0) await kafkaCall('delete ACLs not in the table', () => client.deleteAcls({ filters: stale }));
    await untilBrokerHolds(client, wantedKeys);
    return { applied: wanted.length, removed: stale.length };
  } finally {
    await client.disconnect();
  }
}

const bindingKey = (binding: AclEntry): string =>
  [binding.principal, binding.host, binding.resourceType, binding.resourceName, binding.resourcePatternType, binding.operation, binding.permissionType].join(
    '|',
  );

const ANY_ACL = {
  resourceType: AclResourceTypes.ANY,
  resourcePatternType: ResourcePatternTypes.ANY,
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
};

async function brokerAcls(client: Admin): Promise<AclEntry[]> {
  const { resources } = await kafkaCall('describe ACLs', () => client.describeAcls(ANY_ACL));
  return resources.flatMap(({ acls, ...resource }) => acls.map((acl) => ({ ...resource, ...acl })));
}

/**
 * The controller acknowledges ACL changes before the broker's authorizer has them: a client connecting in that moment
 * was refused. The broker answers DescribeAcls from its authorizer, so once it lists exactly the table it enforces it.
 */
async function untilBrokerHolds(client: Admin, wanted: ReadonlySet<string>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = new Set((await brokerAcls(client)).map(bindingKey));
    if (held.size === wanted.size && [...wanted].every((key) => held.has(key))) return;
    if (Date.now() > deadline) throw new Error(`the broker does not hold exactly the table's ${wanted.size} ACLs after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
