import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ProblemError } from '@lt/runtime';
import { SubmitDocumentUseCase } from './submit-document.use-case';

/** The agencies' document submission endpoint. */
@Controller('v1/documents')
export class SubmitDocumentHttpController {
  constructor(private readonly submit: SubmitDocumentUseCase) {}

  /**
   * `POST /v1/documents` with the `.edxml` package as the body (any content type but JSON).
   * 202 with the hub's document id; 400 for an empty body, 413 over MAX_PACKAGE_BYTES, 422 with the
   * edXML problems for a package that does not parse.
   */
  @Post()
  @HttpCode(202)
  async submitDocument(@Body() body: unknown) {
    if (!Buffer.isBuffer(body)) {
      throw new ProblemError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the package bytes, not JSON',
        'Hãy gửi nội dung gói tin, không phải JSON',
      );
    }
    if (body.length === 0) {
      throw new ProblemError(400, 'EMPTY_BODY', 'The request has no package', 'Yêu cầu không có gói tin');
    }
    const accepted = await this.submit.execute(body, 'rest');
    return {
      documentId: accepted.documentId,
      sha256: accepted.sha256,
      status: 'submitted',
      statusUrl: `/v1/documents/${accepted.documentId}`,
      warnings: accepted.warnings.map((w) => ({
        code: w.code,
        path: w.path,
        line: w.line,
        message: w.message,
      })),
    };
  }
}
