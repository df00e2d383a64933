import { fingerprintDocument } from '../../src/documents/fingerprint';
import { detectMediaType } from '../../src/documents/media-type';
import { sampleInvoice, samplePdf } from '../../src/documents/samples';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('fingerprintDocument', () => {
  it('hashes with SHA-256 and reports the size', () => {
    const print = fingerprintDocument(ascii('hello'));
    expect(print.sha256).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(print.size).toBe(5);
  });

  it('is stable for the deterministic sample invoice', () => {
    const a = fingerprintDocument(samplePdf(sampleInvoice()), 'application/pdf');
    const b = fingerprintDocument(samplePdf(sampleInvoice()), 'application/pdf');
    expect(a).toEqual(b);
    expect(a).toMatchObject({ detectedMediaType: 'application/pdf', mediaTypeMismatch: false });
  });

  it('flags a declared type the bytes contradict', () => {
    const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0);
    expect(fingerprintDocument(png, 'application/pdf')).toMatchObject({
      declaredMediaType: 'application/pdf',
      detectedMediaType: 'image/png',
      mediaTypeMismatch: true,
    });
  });

  it('accepts aliases and parameters in the declared type', () => {
    expect(fingerprintDocument(ascii('{"a":1}'), 'text/json; charset=utf-8').mediaTypeMismatch).toBe(false);
    expect(fingerprintDocument(ascii('plain words'), 'text/csv').mediaTypeMismatch).toBe(false);
    expect(fingerprintDocument(ascii('plain words')).mediaTypeMismatch).toBe(false);
  });
});

describe('detectMediaType', () => {
  it.each([
    [ascii('%PDF-1.7\n...'), 'application/pdf'],
    [ascii('junk before header %PDF-1.4'), 'application/pdf'],
    [bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    [bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    [ascii('GIF89a....'), 'image/gif'],
    [ascii('PK\x03\x04\x14\x00\x00\x00[Content_Types].xml word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [ascii('PK\x03\x04\x14\x00\x00\x00xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [ascii('PK\x03\x04\x14\x00\x00\x00readme.txt'), 'application/zip'],
    [ascii(' [1, 2, {"a": null}] '), 'application/json'],
    [ascii('{ not json'), 'text/plain'],
    [new Uint8Array(Buffer.from('Grüße, café\nline two', 'utf8')), 'text/plain'],
    [bytes(0x00, 0x01, 0x02, 0x03), 'application/octet-stream'],
    [bytes(0xc3, 0x28), 'application/octet-stream'],
  ])('detects %#: %s', (input, mediaType) => {
    expect(detectMediaType(input).mediaType).toBe(mediaType);
  });
});
