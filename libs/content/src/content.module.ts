import { Module } from '@nestjs/common';
import { DocumentPopulator } from './documents/document-populator.service';
import { DocumentReader } from './documents/document-reader.service';
import { DocumentWriter } from './documents/document-writer.service';
import { ContentController } from './http/content.controller';

/** The Content API: one generic controller over every content type of the registry. */
@Module({
  controllers: [ContentController],
  providers: [DocumentReader, DocumentWriter, DocumentPopulator],
  exports: [DocumentReader, DocumentWriter],
})
export class ContentModule {}
