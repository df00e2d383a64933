// Test inputs for the document tools: hostile and malformed PDFs built from the real writer, so a
// failure is about the property under test and not about a hand-written fixture.
import { writePdf } from '../../src/documents/pdf/pdf-writer';

/** A structurally valid PDF whose trailer declares standard encryption with an unknown password. */
export function encryptedPdf(): Uint8Array {
  const plain = Buffer.from(writePdf({ pages: [{ lines: ['secret'] }] })).toString('latin1');
  const encrypt =
    `/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >> ` +
    `/ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`;
  return new Uint8Array(Buffer.from(plain.replace('/Info 4 0 R >>', `/Info 4 0 R ${encrypt} >>`), 'latin1'));
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
