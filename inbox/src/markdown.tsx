// A tiny markdown renderer for the verification report: headings, bullet lists, paragraphs and
// **bold**. It builds elements, never HTML strings, so the report's text can never become markup.
import type { ComponentChildren } from 'preact';

function inline(text: string): ComponentChildren[] {
  return text.split(/(\*\*[^*]+\*\*)/).map((piece) => (piece.startsWith('**') && piece.endsWith('**') && piece.length > 4 ? <strong>{piece.slice(2, -2)}</strong> : piece.replace(/`/g, '')));
}

export function Markdown({ text }: { text: string }) {
  const blocks: ComponentChildren[] = [];
  let list: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (list.length) blocks.push(<ul>{list.map((item) => <li>{inline(item)}</li>)}</ul>);
    if (paragraph.length) blocks.push(<p>{inline(paragraph.join(' '))}</p>);
    list = [];
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      // The page's own headings are h1/h2; report headings start below them.
      const level = Math.min(6, heading[1].length + 2);
      const Tag = `h${level}` as 'h3';
      blocks.push(<Tag>{inline(heading[2])}</Tag>);
    } else if (bullet) {
      if (paragraph.length) flush();
      list.push(bullet[1]);
    } else if (line.trim() === '') flush();
    else {
      if (list.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return <div class="report">{blocks}</div>;
}
