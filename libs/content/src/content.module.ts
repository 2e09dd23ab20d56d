import { Module } from '@nestjs/common';
import { AccessModule } from '@cms/access';
import { IdentityModule } from '@cms/identity';
import { SchemaModule } from '@cms/schema';
import { AccessPlanner } from './access/access-planner.service';
import { ReadCache } from './cache/read-cache.service';
import { DocumentCommands } from './commands/document-commands.service';
import { WriteTransactions } from './commands/write-transactions';
import { DocumentPopulator } from './documents/document-populator.service';
import { DocumentReader } from './documents/document-reader.service';
import { DocumentWriter } from './documents/document-writer.service';
import { KnownDocuments } from './documents/known-documents';
import { DocumentService } from './documents/document.service';
import { DocumentExport } from './export/document-export.service';
import { DocumentImport } from './import/document-import.service';
import { ContentTransferController } from './http/content-transfer.controller';
import { ContentController } from './http/content.controller';
import { ContentLifecycles } from './lifecycle/content-lifecycles';

/** The Content API: one generic controller over every content type of the registry. */
@Module({
  imports: [SchemaModule, AccessModule, IdentityModule],
  // The export route first: `/api/:pluralName/export` is not a documentId.
  controllers: [ContentTransferController, ContentController],
  providers: [
    AccessPlanner,
    WriteTransactions,
    DocumentCommands,
    ReadCache,
    KnownDocuments,
    DocumentReader,
    DocumentWriter,
    DocumentPopulator,
    DocumentService,
    ContentLifecycles,
    DocumentExport,
    DocumentImport,
  ],
  exports: [
    AccessPlanner,
    DocumentReader,
    DocumentCommands,
    DocumentService,
    ContentLifecycles,
    DocumentExport,
    DocumentImport,
  ],
})
export class ContentModule {}
