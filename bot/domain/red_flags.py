"""Red-flag symptoms that need urgent care, and spotting them in free text.

The keys follow docs/architecture.md ("Red flags"): a sudden worst-ever headache, new weakness,
numbness, confusion or trouble speaking. Detection is deliberately simple and errs towards
flagging; a negated mention ("no numbness", "keine Taubheit", "uyuşma yok") is not flagged.

Every message is checked against the tables of *every* language, whatever the user's language
setting: a warning sign must never be missed because it was typed in another language. The
patterns are written in natural spelling and folded (see :mod:`bot.domain.lexicon`) like the
text they are matched against.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain.lexicon import fold

MAX_INPUT_LENGTH = 1000
# A negation this many words or fewer before a red-flag phrase cancels it ("not really confused").
NEGATION_WINDOW_WORDS = 3
NEGATION_AFTER_WINDOW_WORDS = 2
NEGATIONS = frozenset(
    {
        *("no", "not", "without", "never", "nor", "isnt", "wasnt", "arent"),
        *("kein", "keine", "keinen", "keiner", "nicht", "ohne"),  # German
        *("не", "нет", "без", "ни"),  # Russian
        *("немає", "ні", "без"),  # Ukrainian
        *("sin", "ni", "ningun", "ninguna"),  # Spanish ("no" above)
        *("nao", "sem", "nem", "nenhum", "nenhuma"),  # Portuguese
        *("pas", "sans", "aucun", "aucune"),  # French
        *("non", "senza", "nessun", "nessuna"),  # Italian
        *("hic",),  # Turkish ("hiç"; its negation mostly follows, below)
        *("لا", "بدون", "بلا", "ليس", "لم"),  # Arabic
    }
)
# Turkish (and sometimes Russian, Ukrainian) say "numbness none": the negation comes after.
NEGATIONS_AFTER = frozenset({"yok", "yoktu", "degil", "olmadi", "нет", "немає"})


class RedFlag(StrEnum):
    """A red-flag symptom; the value is the stable key stored and used by the views."""

    WORST_EVER = "worst_ever"
    WEAKNESS = "weakness"
    NUMBNESS = "numbness"
    CONFUSION = "confusion"
    SPEECH = "speech"


ALL_RED_FLAGS: frozenset[RedFlag] = frozenset(RedFlag)

_PAIN = r"(?:headache|head ache|migraine|pain)"
_BODY_PART = r"(?:arm|arms|leg|legs|hand|hands|face|side|foot|feet)"
_ENGLISH: dict[RedFlag, str] = {
    RedFlag.WORST_EVER: (
        rf"\bworst(?: {_PAIN})? (?:of my life|ever|i(?:ve| have)? ever had)\b"
        rf"|\bworst {_PAIN} (?:in|of) my life\b"
        r"|\bthunderclap\b"
        rf"|\bsudden(?:ly)? (?:severe|excruciating|explosive|extreme|worst)\b"
        rf"|\bexplosive {_PAIN}\b"
    ),
    RedFlag.WEAKNESS: (
        rf"\bweakness\b|\bweak {_BODY_PART}\b|\b{_BODY_PART} (?:is |feels |feel |are )?weak\b"
        rf"|\bparaly[sz]\w*\b|\bdroop\w*\b|\bcant (?:move|lift|feel) (?:my )?{_BODY_PART}\b"
    ),
    RedFlag.NUMBNESS: r"\bnumb\w*\b",
    RedFlag.CONFUSION: (r"\bconfus\w*\b|\bdisorient\w*\b|\bcant think (?:straight|clearly)\b"),
    RedFlag.SPEECH: (
        r"\b(?:cant|cannot|can not|couldnt|could not|unable to) (?:speak|talk)\b"
        r"|\b(?:trouble|difficulty|problems?|struggling) (?:speaking|talking)\b"
        r"|\bslurr\w*\b|\baphasia\b|\bspeech\b"
        r"|\b(?:cant|cannot|can not) (?:find|get out) (?:the |my )?words\b"
    ),
}


# German, Russian, Ukrainian, Spanish, Portuguese, French, Italian, Turkish, Arabic: the same
# five signs in the words people use ("schlimmste Kopfschmerzen meines Lebens", "онемела рука",
# "no puedo hablar", "صداع مفاجئ وشديد").
_OTHER_LANGUAGES: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.WORST_EVER: (
        r"\bschlimmste\w*(?: \w+){0,2} (?:meines lebens|je|jemals|aller zeiten)\b",
        r"\bdonnerschlag\w*|\bvernichtungskopfschmerz\w*|\bexplosionsartig\w*",
        r"\bplötzlich\w* (?:stärkste|heftigste|extreme?|unerträglich)\w*",
        r"\b(?:самая сильная|самая страшная|худшая|сильнейшая)(?: \w+){0,3} (?:в|за) "
        r"(?:моей |всю )?жизни?\b",
        r"\bгромоподоб\w*|\bвнезапн\w* (?:резк|сильнейш|невыносим|взрыв)\w*",
        r"\b(?:найсильніш|найгірш|найстрашніш)\w*(?: \w+){0,3} (?:в|у|за) "
        r"(?:моєму |все )?житт\w*",
        r"\bгромоподіб\w*|\bраптов\w* (?:різк|найсильніш|нестерпн|вибухов)\w*",
        r"\bpeor (?:dolor(?: de cabeza)? |migraña |jaqueca )?(?:de mi vida|que he tenido)",
        r"\b(?:como un|en) trueno\b|\b(?:súbit|repentin)\w* (?:e |y )?(?:intens|explosiv)\w*",
        r"\bpior (?:dor(?: de cabeça)? |enxaqueca |crise )?(?:da minha vida|que já tive)",
        r"\b(?:em|como um) trovão\b|\bsúbit\w* e (?:intens|explosiv)\w*",
        r"\bpire (?:douleur |migraine |mal de tête |céphalée )?(?:de ma vie|que jai jamais)",
        r"\b(?:en )?coup de tonnerre\b|\b(?:brutal|soudain)\w* et (?:intense|violent|explosi)\w*",
        r"\bpeggior\w* (?:dolore |mal di testa |emicrania |cefalea )?"
        r"(?:della mia vita|di sempre|mai avut)",
        r"\ba rombo di tuono\b|\bimprovvis\w* e (?:fortissim|intens|esplosiv|violent)\w*",
        r"\b(?:hayatımın|ömrümün|şimdiye kadarki) en (?:kötü|şiddetli|ağır|berbat)\w*",
        r"\bgök gürültüsü\b|\baniden (?:çok )?(?:şiddetli|patlayıcı)\w*",
        r"(?:أسوأ|أشد) (?:صداع|ألم) (?:في|ب) ?حياتي|صداع (?:الرعد|رعدي)|كالرعد",
        r"صداع (?:مفاجئ|فجأة) (?:و)?(?:شديد|انفجاري)|صداع انفجاري",
    ),
    RedFlag.WEAKNESS: (
        r"\bschwäche\b(?! (?:kopfschmerz|migräne|schmerz|kaffee|tee))|\blähmung\w*|\bgelähmt\w*",
        r"\b(?:arm|bein|hand|gesicht|seite|arme|beine)\w* (?:ist |sind |fühlt sich )?"
        r"(?:schwach|gelähmt)\b|\bmundwinkel häng\w*|\bkann (?:den |meinen |die |meine )?"
        r"(?:arm|bein|hand)\w* nicht (?:mehr )?(?:bewegen|heben)",
        r"\bслабост\w*|\bпаралич\w*|\bпарализ\w*|\bперекосил\w*|\bне могу (?:поднять|пошевелить)",
        r"\b(?:рука|нога|руки|ноги|лицо)\w* (?:\w+ )?(?:ослабел\w*|не слушает\w*)",
        r"\bслабкіст\w*|\bпаралі\w*|\bперекоси\w*|\bне можу (?:підняти|поворухнути)",
        r"\bdebilidad\b|\b(?:brazo|pierna|mano|cara)s? (?:\w+ )?débil(?:es)?\b|\bparáli\w*",
        r"\bparaliz\w*|\bcara caída|\bboca (?:torcida|caída)|\bno puedo (?:mover|levantar) "
        r"(?:el |la |mi )?(?:brazo|pierna|mano)",
        r"\bfraqueza\b|\b(?:braço|perna|mão|rosto)s? (?:\w+ )?(?:fraco|fraca|fracos|fracas)\b",
        r"\bparalis\w*|\brosto caído|\bboca torta|\bnão consigo (?:mexer|levantar|mover) "
        r"(?:o |a |meu |minha )?(?:braço|perna|mão)",
        r"\bfaiblesse\b|\b(?:bras|jambe|main|visage)s? (?:\w+ )?faibles?\b|\bparalys\w*",
        r"\bbouche (?:de travers|tordue)|\bje ne peux (?:plus |pas )+(?:bouger|lever) "
        r"(?:le |la |mon |ma )?(?:bras|jambe|main)",
        r"\bdebolezza\b|\b(?:braccio|gamba|mano|viso|braccia|gambe) (?:\w+ )?debol[ei]\b",
        r"\bparalizz\w*|\bparalisi\b|\bbocca storta|\bnon riesco a (?:muovere|alzare) "
        r"(?:il |la )?(?:braccio|gamba|mano)",
        r"\bgüçsüzlük\w*|\bgüç kaybı\w*|\bfelç\w*|\b(?:yüzüm|ağzım) kaydı",
        r"\b(?:kol|bacak|el|yüz)\w* (?:\w+ )?(?:güçsüz|tutmuyor)\w*",
        r"\b(?:kolumu|bacağımı|elimi) (?:kaldıramıyorum|oynatamıyorum)",
        r"(?:^|\s)(?:و|ب)?ضعف(?! (?:البصر|النظر))\b|شلل|مشلول|(?:تدلي|ارتخاء) (?:ال)?وجه",
        r"لا (?:أستطيع|اقدر) تحريك",
    ),
    RedFlag.NUMBNESS: (
        r"\btaub(?:heit\w*|e|es|er|en)?\b|\bgefühllos\w*",
        r"\bонеме\w*|\bонемел\w*|\bнемеет|\bнемеют|\bне чувствую (?:руку|ногу|лицо|руки|ноги)",
        r"\bонімі\w*|\bзанімі\w*|\bніміє|\bніміють|\bзатерп\w*",
        r"\bentumec\w*|\badormecid\w*|\bno siento (?:el |la |mi )?(?:brazo|pierna|mano|cara)",
        r"\bdormência\b|\bdormente\w*|\bentorpec\w*",
        r"\bengourd\w*|\bje ne sens plus (?:mon |ma |le |la )?(?:bras|jambe|main|visage)",
        r"\bintorpid\w*|\b(?:braccio|gamba|mano|viso|braccia|gambe) addormentat\w*",
        r"\buyuş\w*|\bhissizlik\w*|\bhissiz\b",
        r"(?:^|\s)(?:و|ب)?(?:ال)?(?:خدر|تنميل|تخدر)",
    ),
    RedFlag.CONFUSION: (
        r"\bverwirr\w*|\bdesorientier\w*|\bkann nicht (?:klar )?denken\b",
        r"\bспутанн\w*|\bдезориент\w*|\bне могу (?:нормально |ясно )?(?:думать|соображать)",
        r"\bне понимаю где я\b",
        r"\bсплутан\w*|\bдезорієнт\w*|\bне можу (?:ясно )?думати",
        r"\bconfus\w*|\bconfundid\w*|\bdesorientad\w*|\bno puedo pensar (?:con claridad|bien)",
        r"\bnão consigo pensar direito\b",
        r"\bdésorienté\w*|\bje n ?arrive (?:plus|pas) à (?:penser|réfléchir)",
        r"\bdisorientat\w*|\bnon riesco a pensare (?:lucidamente|chiaramente)",
        r"\bbilinç bulanıklığ\w*|\bkafa karışıklığ\w*|\bkafam karışık\w*|\bkonfüzyon\w*",
        r"\bdüzgün düşünemiyorum\b",
        r"(?:^|\s)(?:و|ب)?(?:ال)?(?:ارتباك|تشوش)|مشوش|مرتبك|لا (?:أستطيع|اقدر) التفكير",
    ),
    RedFlag.SPEECH: (
        r"\bkann (?:nicht|kaum) (?:mehr )?(?:sprechen|reden)\b|\bsprachstörung\w*",
        r"\bwortfindungs\w*|\blalle\w*|\bverwaschene sprache\b|\baphasie\b",
        r"\bfinde (?:die )?worte nicht\b",
        r"\bне могу (?:говорить|разговаривать)",
        r"\b(?:трудно|тяжело|сложно) (?:говорить|разговаривать)",
        r"\bнарушени\w* речи|\bневнятн\w* речь|\bязык заплетает\w*|\bзаплетает\w* язык",
        r"\bафази\w*|\bне могу подобрать слова",
        r"\bне можу (?:говорити|розмовляти)|\b(?:важко|складно) (?:говорити|розмовляти)",
        r"\bпорушен\w* мовлен\w*|\bзаплітається язик|\bне можу підібрати слова",
        r"\bno puedo (?:hablar|articular)|\b(?:dificultad|problemas?) (?:para|al) hablar",
        r"\bme cuesta hablar|\bhabla (?:arrastrada|trabada)|\bafasia\b",
        r"\bno (?:me salen|encuentro) las palabras",
        r"\bnão consigo (?:falar|articular)|\b(?:dificuldade|problemas?) (?:para|em|de) falar",
        r"\bfala (?:enrolada|arrastada)|\bnão (?:acho|encontro) as palavras",
        r"\bje ne (?:peux|peut|pouvais) (?:plus |pas )+(?:parler|articuler)",
        r"\bje n ?arrive (?:plus|pas) à parler|\bdu mal à parler|\btroubles? de la parole",
        r"\bje ne trouve (?:plus|pas) mes mots",
        r"\bnon riesco a (?:parlare|articolare)|\b(?:difficoltà|fatica) (?:a|nel) parlare",
        r"\bparola (?:impastata|confusa)|\bnon trovo le parole",
        r"\bkonuşamıyorum|\bkonuşmakta (?:zorlanıyorum|güçlük)|\bkonuşma (?:bozukluğu|güçlüğü)",
        r"\bdilim dolanıyor|\bkelimeleri bulamıyorum|\bafazi\b",
        r"لا (?:أستطيع|اقدر|يمكنني) (?:الكلام|التكلم|التحدث)|صعوبة في (?:الكلام|التحدث|النطق)",
        r"ثقل (?:في )?(?:ال)?لسان|تلعثم|لا أجد الكلمات",
    ),
}

_PATTERNS: dict[RedFlag, re.Pattern[str]] = {
    flag: re.compile("|".join((_ENGLISH[flag], *(fold(p) for p in _OTHER_LANGUAGES[flag]))))
    for flag in RedFlag
}


def detect_red_flag_words(text: str) -> frozenset[RedFlag]:
    """Return the red flags ``text`` mentions ("worst headache of my life", "numb arm")."""
    key = _normalise(text[:MAX_INPUT_LENGTH])
    return frozenset(
        flag
        for flag, pattern in _PATTERNS.items()
        if any(not _negated(key, match.start(), match.end()) for match in pattern.finditer(key))
    )


def _negated(key: str, start: int, end: int) -> bool:
    """Return whether a negation word shortly precedes (or, "uyuşma yok", follows) a match."""
    before = key[:start].rsplit("|", 1)[-1].split()[-NEGATION_WINDOW_WORDS:]
    after = key[end:].split("|", 1)[0].split()[:NEGATION_AFTER_WINDOW_WORDS]
    return any(word in NEGATIONS for word in before) or any(
        word in NEGATIONS_AFTER for word in after
    )


def _normalise(text: str) -> str:
    """Fold, drop apostrophes, turn punctuation into sentence breaks and spaces."""
    plain = fold(text).replace("'", "")
    # A sentence break ends the reach of a negation: "no nausea. numb arm".
    plain = re.sub(r"[.!?;,\n]+", " | ", plain)
    return " ".join(re.sub(r"[^\w|\s]+|[\d_]+", " ", plain).split())
