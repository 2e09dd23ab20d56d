import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@cms/access';
import { ApiDataResponse, ApiErrorResponses } from '@cms/core';
import { LocalesService, type Locale } from '@cms/schema';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

const SUBJECT = 'admin.settings';

export class LocaleDto {
  @ApiProperty({ example: 'fr-CA', description: 'A BCP 47 language tag' }) code!: string;
  @ApiProperty({ example: 'French (Canada)' }) name!: string;
  @ApiProperty() isDefault!: boolean;
}

export class CreateLocaleDto {
  @ApiProperty({ example: 'fr-CA', description: 'A BCP 47 language tag; kept in its canonical form' })
  @IsString()
  @Length(2, 35)
  code!: string;

  @ApiProperty({ example: 'French (Canada)' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ description: 'Make it the default locale (the previous default stops being it)' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateLocaleDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ description: 'true: make it the default' }) @IsOptional() @IsBoolean() isDefault?: boolean;
}

/** `/admin/locales`: the locales content can be written in (Strapi's i18n settings). */
@ApiTags('admin')
@Controller('admin/locales')
export class LocalesController {
  constructor(private readonly locales: LocalesService) {}

  @Get()
  @ApiOperation({ summary: 'List the locales' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(LocaleDto, { list: true })
  async list(): Promise<{ data: Locale[]; meta: { total: number } }> {
    const data = await this.locales.list();
    return { data, meta: { total: data.length } };
  }

  @Get(':code')
  @ApiOperation({ summary: 'One locale' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(LocaleDto)
  @ApiErrorResponses({ 404: 'No such locale' })
  async get(@Param('code') code: string): Promise<{ data: Locale }> {
    return { data: await this.locales.get(code) };
  }

  @Post()
  @ApiOperation({ summary: 'Add a locale (a BCP 47 code); isDefault makes it the default' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(LocaleDto, { status: 201 })
  @ApiErrorResponses({ 400: 'Not a BCP 47 language tag', 409: 'The locale exists' })
  async create(@Body() body: CreateLocaleDto): Promise<{ data: Locale }> {
    return { data: await this.locales.create({ ...body, isDefault: body.isDefault ?? false }) };
  }

  @Put(':code')
  @ApiOperation({ summary: 'Rename a locale, or make it the default' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(LocaleDto)
  @ApiErrorResponses({ 400: 'Unsetting the default', 404: 'No such locale' })
  async update(@Param('code') code: string, @Body() body: UpdateLocaleDto): Promise<{ data: Locale }> {
    return { data: await this.locales.update(code, body) };
  }

  @Delete(':code')
  @ApiOperation({ summary: 'Delete a locale (not the default one)' })
  @HttpCode(200)
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(LocaleDto, { description: 'The deleted locale' })
  @ApiErrorResponses({ 404: 'No such locale', 409: 'The default locale cannot be deleted' })
  async remove(@Param('code') code: string): Promise<{ data: Locale }> {
    return { data: await this.locales.remove(code) };
  }
}
