import { Module } from '@nestjs/common';
import { DocumentReader } from './documents/document-reader.service';
import { DocumentWriter } from './documents/document-writer.service';
import { ContentController } from './http/content.controller';

/** The Content API: one generic controller over every content type of the registry. */
@Module({
  controllers: [ContentController],
  providers: [DocumentReader, DocumentWriter],
  exports: [DocumentReader, DocumentWriter],
})
export class ContentModule {}
