/**
 * Generic words left out of the category lexicon (keys): they occur in the names and keywords of
 * emoji and merchant categories of every kind ("face", "red", "stores", "services") and would
 * tip a description towards a category at random. English, Spanish, German, French, Portuguese.
 *
 * @module
 */
export const STOP: ReadonlySet<string> = new Set([
  // English
  "and", "the", "with", "without", "not", "for", "from", "other", "others", "miscellaneous",
  "classified", "elsewhere", "store", "stores", "shop", "shops", "service", "services", "dealers",
  "dealer", "supplies", "supply", "equipment", "retail", "wholesale", "sales", "sale", "outlets",
  "including", "only", "type", "types", "places", "place", "face", "hand", "hands", "man", "woman",
  "men", "women", "person", "people", "boy", "girl", "red", "blue", "green", "yellow", "white",
  "black", "brown", "orange", "purple", "pink", "grey", "gray", "light", "dark", "love", "date",
  "time", "day", "night", "big", "small", "old", "new", "hot", "cold", "good", "fun", "happy",
  "symbol", "sign", "object", "thing", "stuff", "high", "low", "top", "left", "right", "up",
  "down", "one", "two", "three", "full", "half", "open", "closed", "machine", "general",
  "specialty", "special", "direct", "marketing", "merchants", "merchant", "accessories", "parts",
  "products", "items", "goods", "line", "lines", "including", "non", "card", "cards", "public",
  "private", "agents", "agencies", "systems", "services", "commercial", "center", "centers",
  "repair", "used", "new", "local", "suburban", "government", "family", "world", "international",
  "air", "american", "national", "airlines", "airline", "inc", "ltd", "club", "clubs",
  "weekend", "fancy", "casual", "dressed", "shopping", "clothing", "clothes", "party",
  "celebration", "tbt", "emoji", "flag", "mark", "star", "heart", "fire", "water", "dog", "cat",
  // Spanish
  "con", "sin", "para", "por", "del", "los", "las", "una", "uno", "unos", "unas", "que", "cara",
  "mano", "manos", "hombre", "mujer", "persona", "rojo", "roja", "azul", "verde", "amarillo",
  "blanco", "blanca", "negro", "negra", "marron", "morado", "rosa", "amor", "fecha", "dia",
  "noche", "grande", "pequeno", "viejo", "nuevo", "nueva", "caliente", "frio", "bueno", "simbolo",
  "senal", "objeto", "cosa", "alto", "bajo", "izquierda", "derecha", "arriba", "abajo", "dos",
  "tres", "lleno", "medio", "abierto", "cerrado", "maquina", "fiesta", "ropa", "corazon", "fuego",
  "agua", "perro", "gato", "estrella",
  // German
  "und", "mit", "ohne", "fur", "von", "der", "die", "das", "den", "dem", "des", "ein", "eine",
  "einer", "eines", "einem", "einen", "gesicht", "hand", "hande", "mann", "frau", "person", "rot",
  "rote", "roter", "rotes", "blau", "blaues", "grun", "gelb", "weiss", "weisse", "weisses",
  "schwarz", "schwarze", "braun", "lila", "liebe", "datum", "tag", "nacht", "gross", "grosse",
  "klein", "kleine", "alt", "alte", "neu", "neue", "heiss", "kalt", "gut", "symbol", "zeichen",
  "objekt", "sache", "hoch", "links", "rechts", "oben", "unten", "eins", "zwei", "drei", "voll",
  "halb", "offen", "maschine", "party", "kleidung", "herz", "feuer", "wasser", "hund", "katze",
  "stern",
  // French
  "avec", "sans", "pour", "par", "les", "des", "une", "dans", "sur", "aux", "visage", "main",
  "mains", "homme", "femme", "personne", "rouge", "bleu", "bleue", "vert", "verte", "jaune",
  "blanc", "blanche", "noir", "noire", "violet", "rose", "amour", "jour", "nuit", "grand",
  "grande", "petit", "petite", "vieux", "nouveau", "chaud", "froid", "bon", "symbole", "signe",
  "objet", "chose", "haut", "bas", "gauche", "droite", "deux", "trois", "plein", "demi", "ouvert",
  "ferme", "machine", "fete", "vetements", "coeur", "feu", "eau", "chien", "chat", "etoile",
  // Portuguese
  "com", "sem", "para", "pelo", "pela", "dos", "das", "uma", "rosto", "mao", "maos", "homem",
  "mulher", "pessoa", "vermelho", "vermelha", "azul", "verde", "amarelo", "branco", "branca",
  "preto", "preta", "roxo", "rosa", "amor", "data", "dia", "noite", "grande", "pequeno", "velho",
  "novo", "nova", "quente", "frio", "bom", "simbolo", "sinal", "objeto", "coisa", "alto", "baixo",
  "esquerda", "direita", "cima", "baixo", "dois", "tres", "cheio", "meio", "aberto", "fechado",
  "maquina", "festa", "roupa", "roupas", "coracao", "fogo", "agua", "cachorro", "gato", "estrela",
]);
