// Entry of infra/local/kafka-secure.sh: `principals` lists the SCRAM users to create, `apply` creates topics and ACLs
// as the admin (KAFKA_* env), `markdown` prints the table docs/security.md carries.
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { resolve } from 'node:path';
import { aclMarkdown } from './kafka-acl-markdown';
import { KAFKA_ADMIN_PRINCIPAL, kafkaAclTable } from './kafka-acl-table';
import { applyKafkaAcls, kafkaAclTableFor } from './apply-kafka-acls';

const catalogPath = process.env.PLATFORM_CATALOG_PATH ?? resolve(__dirname, '../../../../catalogs/platforms.yaml');

async function main(command: string | undefined): Promise<void> {
  const table = kafkaAclTableFor(catalogPath);
  if (command === 'principals') return void console.log([KAFKA_ADMIN_PRINCIPAL, ...table.map((entry) => entry.principal)].join('\n'));
  if (command === 'markdown') return void console.log(aclMarkdown(kafkaAclTable(['<id>'])));
  if (command !== 'apply') throw new Error('usage: kafka-acls.main.ts principals|apply|markdown');
  const { applied, removed } = await applyKafkaAcls(createKafka(KafkaConfigSchema.parse(process.env)), table);
  console.log(`the broker holds the table's ${applied} ACLs for ${table.length} principals (${removed} others removed)`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
