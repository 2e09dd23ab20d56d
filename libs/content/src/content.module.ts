import { Module } from '@nestjs/common';
import { DocumentReader } from './documents/document-reader.service';
import { ContentController } from './http/content.controller';

/** The Content API: one generic controller over every content type of the registry. */
@Module({
  controllers: [ContentController],
  providers: [DocumentReader],
  exports: [DocumentReader],
})
export class ContentModule {}
