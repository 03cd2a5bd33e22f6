import { parsePlatformCatalog } from '@govmetrics/contracts';
import type { Admin, Kafka } from 'kafkajs';
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

/**
 * Creates the pipeline's topics and the table's ACLs, as a super user. Idempotent: the broker keeps one copy of an
 * ACL created twice. ACLs no longer in the table are left for `kafka-acls --remove` (not removed here).
 */
export async function applyKafkaAcls(admin: Kafka, table: readonly KafkaPrincipalGrants[]): Promise<number> {
  await ensureTopics(admin, [...SECURED_TOPICS]);
  const acl = aclBindings(table);
  const client = admin.admin();
  await kafkaCall('admin connect', () => client.connect());
  try {
    await kafkaCall('create ACLs', () => client.createAcls({ acl }));
    await untilBrokerEnforces(client, acl.length);
    return acl.length;
  } finally {
    await client.disconnect();
  }
}

const ANY_ACL = {
  resourceType: AclResourceTypes.ANY,
  resourcePatternType: ResourcePatternTypes.ANY,
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
};

/**
 * The controller acknowledges new ACLs before the broker's authorizer has them: a client connecting in that moment
 * is refused. The broker answers DescribeAcls from its authorizer, so once it lists them all they are enforced.
 */
async function untilBrokerEnforces(client: Admin, expected: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { resources } = await kafkaCall('describe ACLs', () => client.describeAcls(ANY_ACL));
    if (resources.reduce((sum, resource) => sum + resource.acls.length, 0) >= expected) return;
    if (Date.now() > deadline) throw new Error(`the broker enforces fewer than the ${expected} ACLs applied after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
