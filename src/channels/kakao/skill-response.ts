/**
 * SkillResponse version 2.0: the types Abroad sends and a strict validator for them. Kakao may
 * drop bubbles that break its published limits and can restrict a bot that keeps sending
 * them, so every reply passes `validateSkillResponse` before it leaves the server.
 */

export type ButtonAction = 'webLink' | 'message' | 'phone' | 'block' | 'share' | 'operator';

export interface SkillButton {
  label: string;
  action: ButtonAction;
  webLinkUrl?: string;
  messageText?: string;
  phoneNumber?: string;
  blockId?: string;
  extra?: Record<string, unknown>;
}

export interface QuickReply {
  label: string;
  action: 'message' | 'block';
  messageText?: string;
  blockId?: string;
  extra?: Record<string, unknown>;
}

export interface Thumbnail {
  imageUrl: string;
  altText?: string;
  fixedRatio?: boolean;
}

export interface TextCard {
  title?: string;
  description?: string;
  buttons?: SkillButton[];
  buttonLayout?: 'vertical' | 'horizontal';
}

export interface BasicCard extends TextCard {
  thumbnail: Thumbnail;
}

export interface ListItem {
  title: string;
  description?: string;
  imageUrl?: string;
  action?: 'message' | 'block';
  messageText?: string;
  blockId?: string;
  extra?: Record<string, unknown>;
}

export interface ListCard {
  header: { title: string };
  items: ListItem[];
  buttons?: SkillButton[];
  buttonLayout?: 'vertical' | 'horizontal';
}

export type CarouselCard = TextCard | BasicCard | ListCard;

export type SkillOutput =
  | { simpleText: { text: string } }
  | { simpleImage: { imageUrl: string; altText: string } }
  | { textCard: TextCard }
  | { basicCard: BasicCard }
  | { listCard: ListCard }
  | { carousel: { type: 'textCard' | 'basicCard' | 'listCard'; items: CarouselCard[] } };

export interface ContextValue {
  name: string;
  lifeSpan: number;
  ttl?: number;
  params?: Record<string, string>;
}

export interface SkillResponse {
  version: '2.0';
  template?: { outputs: SkillOutput[]; quickReplies?: QuickReply[] };
  context?: { values: ContextValue[] };
  data?: Record<string, unknown>;
  useCallback?: boolean;
}

/** The limits of the Kakao skill response format (response version 2.0). */
export const kakaoLimits = {
  outputsMin: 1,
  outputsMax: 3,
  quickRepliesMax: 10,
  simpleText: 1000,
  /** No published number for quick-reply labels; SDKs use the button label limit. */
  quickReplyLabel: 14,
  buttonLabel: 14,
  buttonLabelSideBySide: 8,
  buttonsVertical: 3,
  buttonsHorizontal: 2,
  cardTitle: 50,
  textCardBody: 400,
  textCardBodyInCarousel: 128,
  basicCardDescription: 230,
  altText: 50,
  listItems: 5,
  listItemsInCarousel: 4,
  carouselItems: 10,
  carouselListCards: 5,
} as const;

export type ValidationResult =
  { ok: true; response: SkillResponse } | { ok: false; problems: string[] };

/**
 * Checks a reply against every limit above and returns a copy that holds only the fields of
 * Kakao's format (stray fields are dropped, as in 08's `"type": "BasicCard"`). Each problem
 * names the path, the value's size and the limit.
 */
export function validateSkillResponse(value: unknown): ValidationResult {
  const problems: string[] = [];
  const check = new Checker(problems);
  const response = check.response(value);
  return problems.length === 0 ? { ok: true, response } : { ok: false, problems };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  constructor(private readonly problems: string[]) {}

  response(value: unknown): SkillResponse {
    if (!isObject(value)) return this.fail('(response)', 'expected an object', {} as never);
    if (value.version !== '2.0') {
      this.problems.push(`version: expected "2.0", got ${JSON.stringify(value.version)}`);
    }
    const out: SkillResponse = { version: '2.0' };
    if (value.useCallback === true) out.useCallback = true;
    if (value.template !== undefined && value.useCallback !== true) {
      out.template = this.template(value.template);
    }
    if (value.context !== undefined) out.context = this.context(value.context);
    if (value.data !== undefined && value.data !== null) {
      if (isObject(value.data)) out.data = value.data;
      else this.problems.push('data: expected an object');
    }
    if (!out.template && !out.useCallback && !out.data) {
      this.problems.push('(response): expected a template, data, or useCallback: true');
    }
    return out;
  }

  private template(value: unknown): SkillResponse['template'] {
    if (!isObject(value)) return this.fail('template', 'expected an object', undefined);
    const outputs = Array.isArray(value.outputs) ? value.outputs : [];
    if (outputs.length < kakaoLimits.outputsMin || outputs.length > kakaoLimits.outputsMax) {
      this.problems.push(
        `template.outputs: expected ${kakaoLimits.outputsMin} to ${kakaoLimits.outputsMax} outputs, got ${outputs.length}`,
      );
    }
    const template: NonNullable<SkillResponse['template']> = {
      outputs: outputs.map((output, index) => this.output(output, `template.outputs[${index}]`)),
    };
    if (value.quickReplies !== undefined) {
      template.quickReplies = this.quickReplies(value.quickReplies);
    }
    return template;
  }

  private output(value: unknown, path: string): SkillOutput {
    const keys = isObject(value) ? Object.keys(value) : [];
    const kind = keys.find((key) => componentKinds.has(key));
    if (!isObject(value) || !kind || keys.length !== 1) {
      return this.fail(path, `expected exactly one of ${[...componentKinds].join(', ')}`, {
        simpleText: { text: '' },
      });
    }
    const body = value[kind];
    const at = `${path}.${kind}`;
    switch (kind) {
      case 'simpleText': {
        const textBody = isObject(body) ? body : {};
        return {
          simpleText: { text: this.text(textBody, 'text', at, kakaoLimits.simpleText, true) },
        };
      }
      case 'simpleImage':
        return { simpleImage: this.simpleImage(body, at) };
      case 'textCard':
        return { textCard: this.textCard(body, at, false) };
      case 'basicCard':
        return { basicCard: this.basicCard(body, at, false) };
      case 'listCard':
        return { listCard: this.listCard(body, at, false) };
      default:
        return { carousel: this.carousel(body, at) };
    }
  }

  private simpleImage(value: unknown, path: string) {
    const body = isObject(value) ? value : {};
    return {
      imageUrl: this.url(body.imageUrl, `${path}.imageUrl`),
      altText: this.text(body, 'altText', path, kakaoLimits.altText, true)!,
    };
  }

  private textCard(value: unknown, path: string, inCarousel: boolean): TextCard {
    const body = isObject(value) ? value : {};
    const title = this.text(body, 'title', path, kakaoLimits.cardTitle, false);
    const description = this.text(body, 'description', path, Infinity, false);
    if (!title && !description) this.problems.push(`${path}: expected a title or a description`);
    const limit = inCarousel ? kakaoLimits.textCardBodyInCarousel : kakaoLimits.textCardBody;
    const size = (title?.length ?? 0) + (description?.length ?? 0);
    if (size > limit) {
      this.problems.push(
        `${path}: title and description hold ${size} characters, expected at most ${limit}`,
      );
    }
    return this.withButtons({ title, description }, body, path);
  }

  private basicCard(value: unknown, path: string, _inCarousel: boolean): BasicCard {
    const body = isObject(value) ? value : {};
    const thumbnail = isObject(body.thumbnail) ? body.thumbnail : {};
    if (!isObject(body.thumbnail)) this.problems.push(`${path}.thumbnail: required`);
    const card: BasicCard = {
      thumbnail: {
        imageUrl: this.url(thumbnail.imageUrl, `${path}.thumbnail.imageUrl`),
        altText: this.text(thumbnail, 'altText', `${path}.thumbnail`, kakaoLimits.altText, false),
        fixedRatio: thumbnail.fixedRatio === true ? true : undefined,
      },
      title: this.text(body, 'title', path, kakaoLimits.cardTitle, false),
      description: this.text(body, 'description', path, kakaoLimits.basicCardDescription, false),
    };
    return this.withButtons(card, body, path);
  }

  private listCard(value: unknown, path: string, inCarousel: boolean): ListCard {
    const body = isObject(value) ? value : {};
    const header = isObject(body.header) ? body.header : {};
    const items = Array.isArray(body.items) ? body.items : [];
    const max = inCarousel ? kakaoLimits.listItemsInCarousel : kakaoLimits.listItems;
    if (items.length < 1 || items.length > max) {
      this.problems.push(`${path}.items: expected 1 to ${max} items, got ${items.length}`);
    }
    const card: ListCard = {
      header: { title: this.text(header, 'title', `${path}.header`, kakaoLimits.cardTitle, true)! },
      items: items.map((item, index) => this.listItem(item, `${path}.items[${index}]`)),
    };
    return this.withButtons(card, body, path);
  }

  private listItem(value: unknown, path: string): ListItem {
    const body = isObject(value) ? value : {};
    const item: ListItem = { title: this.text(body, 'title', path, kakaoLimits.cardTitle, true)! };
    const description = this.text(body, 'description', path, kakaoLimits.cardTitle, false);
    if (description) item.description = description;
    if (body.imageUrl !== undefined) item.imageUrl = this.url(body.imageUrl, `${path}.imageUrl`);
    if (body.action === 'message' || body.action === 'block') {
      item.action = body.action;
      item.messageText = this.text(body, 'messageText', path, kakaoLimits.simpleText, false);
      if (body.action === 'block') item.blockId = this.text(body, 'blockId', path, 100, true);
    }
    if (isObject(body.extra)) item.extra = body.extra;
    return item;
  }

  private carousel(
    value: unknown,
    path: string,
  ): Extract<SkillOutput, { carousel: unknown }>['carousel'] {
    const body = isObject(value) ? value : {};
    const type = body.type as 'textCard' | 'basicCard' | 'listCard';
    if (type !== 'textCard' && type !== 'basicCard' && type !== 'listCard') {
      return this.fail(`${path}.type`, 'expected textCard, basicCard or listCard', {
        type: 'textCard' as const,
        items: [],
      });
    }
    const items = Array.isArray(body.items) ? body.items : [];
    const max = type === 'listCard' ? kakaoLimits.carouselListCards : kakaoLimits.carouselItems;
    if (items.length < 1 || items.length > max) {
      this.problems.push(`${path}.items: expected 1 to ${max} cards, got ${items.length}`);
    }
    const cards = items.map((item, index) => {
      const at = `${path}.items[${index}]`;
      if (type === 'textCard') return this.textCard(item, at, true);
      if (type === 'basicCard') return this.basicCard(item, at, true);
      return this.listCard(item, at, true);
    });
    return { type, items: cards };
  }

  private withButtons<T extends TextCard | ListCard>(card: T, body: Json, path: string): T {
    if (body.buttons === undefined) return card;
    const buttons = Array.isArray(body.buttons) ? body.buttons : [];
    const layout = body.buttonLayout;
    if (layout !== undefined && layout !== 'vertical' && layout !== 'horizontal') {
      this.problems.push(`${path}.buttonLayout: expected vertical or horizontal`);
    }
    const max =
      layout === 'horizontal' ? kakaoLimits.buttonsHorizontal : kakaoLimits.buttonsVertical;
    if (buttons.length > max) {
      this.problems.push(`${path}.buttons: expected at most ${max} buttons, got ${buttons.length}`);
    }
    const sideBySide = layout === 'horizontal' && buttons.length === 2;
    const labelLimit = sideBySide ? kakaoLimits.buttonLabelSideBySide : kakaoLimits.buttonLabel;
    card.buttons = buttons.map((button, index) =>
      this.button(button, `${path}.buttons[${index}]`, labelLimit),
    );
    if (layout === 'vertical' || layout === 'horizontal') card.buttonLayout = layout;
    return card;
  }

  private button(value: unknown, path: string, labelLimit: number): SkillButton {
    const body = isObject(value) ? value : {};
    const label = this.text(body, 'label', path, labelLimit, true)!;
    const action = body.action as ButtonAction;
    if (!buttonActions.has(action)) {
      this.problems.push(`${path}.action: expected one of ${[...buttonActions].join(', ')}`);
    }
    const button: SkillButton = { label, action };
    if (action === 'webLink') button.webLinkUrl = this.url(body.webLinkUrl, `${path}.webLinkUrl`);
    if (action === 'phone')
      button.phoneNumber = this.phone(body.phoneNumber, `${path}.phoneNumber`);
    if (action === 'message' || action === 'block') {
      const messageText = this.text(body, 'messageText', path, kakaoLimits.simpleText, false);
      if (messageText) button.messageText = messageText;
    }
    if (action === 'block') button.blockId = this.text(body, 'blockId', path, 100, true);
    if (isObject(body.extra)) button.extra = body.extra;
    return button;
  }

  private quickReplies(value: unknown): QuickReply[] {
    const replies = Array.isArray(value) ? value : [];
    if (!Array.isArray(value)) this.problems.push('template.quickReplies: expected an array');
    if (replies.length > kakaoLimits.quickRepliesMax) {
      this.problems.push(
        `template.quickReplies: expected at most ${kakaoLimits.quickRepliesMax}, got ${replies.length}`,
      );
    }
    return replies.map((reply, index) => {
      const path = `template.quickReplies[${index}]`;
      const body = isObject(reply) ? reply : {};
      const label = this.text(body, 'label', path, kakaoLimits.quickReplyLabel, true)!;
      const action = body.action;
      if (action !== 'message' && action !== 'block') {
        this.problems.push(`${path}.action: expected message or block`);
      }
      const quick: QuickReply = { label, action: action === 'block' ? 'block' : 'message' };
      const messageText = this.text(body, 'messageText', path, kakaoLimits.simpleText, false);
      if (messageText) quick.messageText = messageText;
      if (action === 'block') quick.blockId = this.text(body, 'blockId', path, 100, true);
      if (isObject(body.extra)) quick.extra = body.extra;
      return quick;
    });
  }

  private context(value: unknown): SkillResponse['context'] {
    const values = isObject(value) && Array.isArray(value.values) ? value.values : undefined;
    if (!values) return this.fail('context.values', 'expected an array', undefined);
    return {
      values: values.map((entry, index) => {
        const path = `context.values[${index}]`;
        const body = isObject(entry) ? entry : {};
        const lifeSpan = body.lifeSpan;
        if (!Number.isInteger(lifeSpan) || (lifeSpan as number) < 0) {
          this.problems.push(`${path}.lifeSpan: expected a whole number from 0`);
        }
        const params = isObject(body.params) ? body.params : {};
        for (const [key, param] of Object.entries(params)) {
          if (typeof param !== 'string')
            this.problems.push(`${path}.params.${key}: expected a string`);
        }
        return {
          name: this.text(body, 'name', path, 100, true)!,
          lifeSpan: lifeSpan as number,
          ...(typeof body.ttl === 'number' ? { ttl: body.ttl } : {}),
          params: params as Record<string, string>,
        };
      }),
    };
  }

  private text(body: Json, key: string, path: string, max: number, required: true): string;
  private text(
    body: Json,
    key: string,
    path: string,
    max: number,
    required: boolean,
  ): string | undefined;
  private text(body: Json, key: string, path: string, max: number, required: boolean) {
    const value = body[key];
    if (value === undefined || value === null || value === '') {
      if (required) this.problems.push(`${path}.${key}: required, expected non-empty text`);
      return required ? '' : undefined;
    }
    if (typeof value !== 'string') {
      this.problems.push(`${path}.${key}: expected text, got ${typeof value}`);
      return '';
    }
    if (value.length > max) {
      this.problems.push(`${path}.${key}: ${value.length} characters, expected at most ${max}`);
    }
    return value;
  }

  private url(value: unknown, path: string): string {
    if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) {
      this.problems.push(`${path}: expected an http or https URL, got ${JSON.stringify(value)}`);
      return '';
    }
    return value;
  }

  private phone(value: unknown, path: string): string {
    if (typeof value !== 'string' || !/^\+?[0-9][0-9-]{2,19}$/.test(value)) {
      this.problems.push(
        `${path}: expected a phone number of digits, got ${JSON.stringify(value)}`,
      );
      return '';
    }
    return value;
  }

  private fail<T>(path: string, message: string, fallback: T): T {
    this.problems.push(`${path}: ${message}`);
    return fallback;
  }
}

const componentKinds = new Set([
  'simpleText',
  'simpleImage',
  'textCard',
  'basicCard',
  'listCard',
  'carousel',
]);

const buttonActions = new Set<ButtonAction>([
  'webLink',
  'message',
  'phone',
  'block',
  'share',
  'operator',
]);
