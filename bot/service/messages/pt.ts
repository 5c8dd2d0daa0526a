/**
 * The bot's replies in Portuguese (`/lang pt`), neutral between Brazil and Portugal where the
 * two differ: the third person ("envie", "a sua conta") rather than "tu" or "você", "anotar"
 * rather than registrar/registar, "predefinido" rather than padrão/por omissão, "anexo" rather
 * than arquivo/ficheiro, "no Kopek" rather than the app's gendered name, and the 1990 spelling
 * agreement ("ativo").
 *
 * @module
 */
import type { Messages } from "../messages.ts";

/** Every reply, in Portuguese. */
export const pt: Messages = {
  help: [
    'Diga o que gastou: "Adicionar 50 € de comida", "táxi 12,50 ontem com o Bob", "paguei 20 ao Bob".',
    "/start CÓDIGO — associar a sua conta Kopek (o código está no Kopek)",
    "/groups — os seus grupos; /use NOME — o grupo em que este chat anota",
    "/add TEXTO — anotar uma despesa; /balance — quem deve a quem; /settle — acertar as contas",
    "/undo — anular a sua última entrada aqui; /lang en|es|de|fr|pt; /mute, /unmute — avisos",
  ].join("\n"),
  hello: "Olá! Peça um código de associação no Kopek e envie /start CÓDIGO.",
  linkFirst: "Associe primeiro a sua conta Kopek: peça um código no Kopek e envie /start CÓDIGO.",
  linked: (name) => `Associado à conta Kopek de ${name}.`,
  codeUnknown: "Esse código não existe.",
  codeUsed: "Esse código já foi usado, ou esta conta do Telegram está associada a outra.",
  codeExpired: "Esse código expirou: peça um novo no Kopek.",
  linkFailed: "Não foi possível associar; tente novamente mais tarde.",
  noGroup: "Ainda não tem nenhum grupo: crie um no Kopek.",
  whichGroup: (names) => `Qual grupo? Envie /use NOME (${names}).`,
  notMember: (group) => `Não é membro ativo de ${group}.`,
  noSuchGroup: (name, names) =>
    `Não há um único grupo chamado "${name}". Os seus grupos: ${names}.`,
  chatUses: (group) => `Este chat passa a anotar em ${group}.`,
  unknownCommand: "Não conheço esse comando.",
  notUnderstood: (reason) =>
    `Não compreendi (${reason}). Pode dizer de outra forma, por exemplo "Adicionar 50 € de comida"?`,
  recorded: (what) => `Anotado: ${what}.`,
  forWhat: (d) => ` de ${d}`,
  paidBy: (name) => `pago por ${name}`,
  splitBetween: (names) => `dividido em partes iguais entre ${names}`,
  everyone: "todos",
  alone: (name) => `só para ${name}`,
  today: "hoje",
  defaults: (list) => `Valores predefinidos aplicados: ${list}.`,
  defaultCurrency: (c) => `moeda ${c} (a do grupo)`,
  defaultDate: "data de hoje",
  defaultSplit: "dividido entre todos",
  settlementRecorded: (from, to, amount) => `Anotado: ${from} pagou ${amount} a ${to}.`,
  payment: (from, to, amount) => `${from} pagou ${amount} a ${to}`,
  undone: "Desfeito: a sua última entrada foi anulada.",
  nothingToUndo: "Nada a desfazer: não anotou nada através de mim neste chat.",
  changedSince: "Essa entrada foi alterada ou removida desde então: abra-a no Kopek.",
  unreachableRetrying:
    "O Kopek não responde neste momento; vou tentar de novo. Ainda não ficou anotado.",
  notSaved: "Não anotado: o Kopek continua sem responder. Envie a mensagem de novo mais tarde.",
  refused: "O Kopek não conseguiu fazer isso agora; nada foi anotado. Tente novamente.",
  whichAmount: "Vejo vários valores. Qual é o total?",
  whoIs: (name) => `Quem é "${name}"?`,
  whichMember: (name) => `Qual "${name}"?`,
  memberChoice: (name, place, isSender) => `${name} (${isSender ? "eu" : place})`,
  memberGone: (name, group) => `${name} já não é membro ativo de ${group}: nada foi anotado.`,
  dropName: (name) => `Ninguém (ignorar "${name}")`,
  whatRole: (name) => `E ${name}?`,
  rolePaid: (name) => `${name} pagou`,
  roleShares: (name) => `Dividido com ${name}`,
  roleFor: (name) => `Só para ${name}`,
  questionGone: "Essa pergunta expirou: envie a mensagem de novo.",
  editPrompt: "Envie a mensagem corrigida e eu substituo essa despesa por ela.",
  amended: (what) => `Alterado para ${what}.`,
  balancesIn: (group) => `Saldos em ${group}:`,
  settledUp: "Estão todos quites.",
  pays: (from, to, amount) => `${from} paga ${amount} a ${to}`,
  settlePlan: (group) =>
    `Para acertar as contas em ${group} (toque numa transferência quando estiver feita):`,
  settleButton: (from, to, amount) => `${from} → ${to} ${amount}`,
  langSet: "Vou responder em português.",
  langUsage: "Envie /lang en, /lang es, /lang de, /lang fr ou /lang pt.",
  muted: "Silenciado: não vou enviar avisos sobre as despesas dos outros.",
  unmuted: "Avisos ligados: vou enviar avisos sobre as despesas em que participa.",
  notified: (author, group, what) => `${author} anotou em ${group}: ${what}.`,
  undoButton: "Desfazer",
  editButton: "Editar",
  modelGuess: (what) =>
    `Quis dizer: ${what}? (Palpite de um modelo de linguagem: nada é anotado até confirmar.)`,
  confirmButton: "Anotar",
  cancelButton: "Cancelar",
  cancelled: "Cancelado: nada foi anotado.",
  receiptAttached: (what) => `Recibo anexado a ${what}.`,
  receiptNoExpense:
    "De que despesa é este recibo? Envie-o até 10 minutos depois de anotar a despesa, ou como resposta a ela.",
  receiptTooLarge: "Esse anexo tem mais de 10 MiB: nada foi anexado.",
  receiptUnsupported: "Esse anexo não é JPEG, PNG, WebP nem PDF: nada foi anexado.",
  receiptImageTooLarge: "Essa imagem tem mais de 50 megapixels: nada foi anexado.",
  receiptForbidden: "Não pode adicionar recibos nesse grupo: nada foi anexado.",
  receiptLimit: "Essa despesa já tem 10 anexos, ou o grupo não tem mais espaço: nada foi anexado.",
  receiptExpenseGone: "Essa despesa já não existe (desfeita ou apagada): nada foi anexado.",
  thatExpense: "essa despesa",
};
