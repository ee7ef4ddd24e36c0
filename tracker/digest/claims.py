"""Claims in a lay summary that patients would misread: the shape of a sentence, not a word list.

Four checks read each sentence:

  causal_claim  X changes Y, said as a fact: an effect verb used with an object ("ketamine heals
                marriages", "the sessions helped couples talk") or with its cause named ("was
                reduced by therapy", "led to fewer relapses"), or a "healing effect". It passes
                when hedged (may, might, could, suggests...), negated (did not improve, no
                evidence that), reported (participants said they felt...), about association
                (was linked to, were more likely to) or descriptive of what was measured
                ("depression scores fell after treatment": the outcome as subject, no cause
                named). Randomized trials may make such claims; check_paper knows the study type.
  hype          promises: the configured hype words, and superlatives about a treatment
                ("the most effective treatment", "the best hope").
  safety        absolute claims of safety: "completely safe", "no side effects", "risk-free",
                "X is safe" said flatly. Observations ("no serious side effects were reported")
                and hedged ones ("appeared safe") pass.
  advice        telling readers to take, try, stop or change a treatment: an imperative at the
                start of a sentence ("Stop your antidepressants"), "should try/take/stop" aimed at
                readers, "ask your doctor to prescribe". Pointing to the care team passes.

Everything is linear in the text: one pass splits sentences and words, each rule looks at a
bounded window of words around a trigger. The learned readers (claims_model.py) back the rules
up: for cause and effect both ways, for advice and hype where the rules found nothing.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import AbstractSet, Sequence

from ..terms import Terms

# -- words -------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\u2010\u2011-]*|\d+(?:[.,]\d+)?%?|[?!;:,]")  # U+2010, U+2011: hyphens
# A sentence ends at . ! ? followed by space and a capital, digit or quote, or at a line end.
# A run of marks is read from its first one only and never given back: tried again from each
# mark of the run, "...." took time quadratic in its length (100,000 dots: 7 minutes).
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"'’”)]*+(?=\s+[\"'“(]?[A-Z0-9])|(?<![.!?])[.!?]++[\"'’”)]*+\s*+$|\n+")


def _forms(*stems: str) -> set[str]:
    """A verb's forms from its stems: "improv" -> improve, improves, improved, improving."""
    out = set()
    for stem in stems:
        out.update(stem.split("|"))
    return out


# Who a study took in or left out ("Patients with a known aetiology of epilepsy were excluded")
ENTRY_CRITERIA = {"excluded", "included", "eligible", "enrolled", "recruited"}
# The words that name a cause ("the leading cause of", "the most frequent aetiology of")
CAUSE_WORDS = {"cause", "causes", "aetiology", "etiology", "aetiologies", "etiologies"}
CAUSES_NAMED = CAUSE_WORDS | {"factors", "triggers"}  # what "... include" or "... is" lists (_causes_listed)
# "is a leading cause of", "the well-established cause of": a cause ranked or taken as known
CAUSE_RANKS = {"leading", "main", "major", "common", "primary", "chief", "direct", "established", "preventable",
               "known", "proven", "recognised", "recognized", "well-known", "important", "largest", "biggest", "greatest",
               "commonest", "principal", "single", "key", "frequent", "top", "well-established", "well-documented",
               "well-recognised", "well-recognized", "significant", "dominant", "predominant", "first", "sole", "only"}

# "common causes of consultation in dermatology": why people come, not what a cause does
VISITS = {"consultation", "consultations", "referral", "referrals", "visits", "attendance", "presentation", "presentations",
          "absence", "absences"}
# "a cause for concern": a worry, not a cause
CONCERNS = {"concern", "concerns", "alarm", "optimism", "celebration", "hope", "caution", "worry", "complaint"}
# "There are concerns that overuse will lead to resistance", "the hope is that it will help": what
# is feared or hoped will happen, not a claim that it does
FEARS = {"concern", "concerns", "concerned", "fear", "fears", "feared", "worry", "worries", "worried", "hope", "hopes",
         "hoped", "hoping", "expect", "expects", "expected", "expecting", "optimistic", "confident", "warn", "warns",
         "warned", "assume", "assumes", "assumed", "predict", "predicts", "predicted", "anticipate", "anticipates",
         "anticipated", "believe", "believes", "doubt", "doubts"}

# Verbs of effect: X <verb> Y is a claim that X changes Y.
EFFECT_VERBS = _forms(
    "improve|improves|improved|improving", "reduce|reduces|reduced|reducing",
    "increase|increases|increased|increasing", "decrease|decreases|decreased|decreasing",
    "heal|heals|healed|healing", "boost|boosts|boosted|boosting", "lower|lowers|lowered|lowering",
    "protect|protects|protected|protecting", "prevent|prevents|prevented|preventing",
    "ease|eases|eased|easing", "relieve|relieves|relieved|relieving", "help|helps|helped|helping",
    "trigger|triggers|triggered|triggering", "restore|restores|restored|restoring",
    "strengthen|strengthens|strengthened|strengthening", "treat|treats", "cure|cures|cured|curing",
    "cause|causes|caused|causing", "reverse|reverses|reversed|reversing",
    "eliminate|eliminates|eliminated|eliminating", "enhance|enhances|enhanced|enhancing",
    "alleviate|alleviates|alleviated|alleviating", "lessen|lessens|lessened|lessening",
    "lift|lifts|lifted|lifting", "cut|cuts|cutting", "halve|halves|halved|halving",
    "double|doubles|doubled|doubling", "transform|transforms|transformed|transforming",
    "fix|fixes|fixed|fixing", "repair|repairs|repaired|repairing", "rewire|rewires|rewired|rewiring",
    "reset|resets|resetting", "save|saves|saved|saving", "stop|stops|stopped|stopping",
    "produce|produces|produced|producing", "promote|promotes|promoted|promoting",
    "induce|induces|induced|inducing", "deepen|deepens|deepened|deepening",
    "drive|drives|drove|driving", "changed|changing",
    "calm|calms|calmed|calming", "soothe|soothes|soothed|soothing", "free|frees|freed|freeing",
    "erase|erases|erased|erasing", "banish|banishes|banished|banishing", "resolve|resolves|resolved|resolving",
    "rebuild|rebuilds|rebuilt|rebuilding", "renew|renews|renewed|renewing", "fight|fights|fought|fighting",
    "beat|beats|beating|beaten", "combat|combats|combated|combating", "tackle|tackles|tackled|tackling",
    "wipe|wipes|wiped|wiping", "mend|mends|mended|mending", "revive|revives|revived",
    "end|ends|ended", "attenuate|attenuates|attenuated|attenuating", "mitigate|mitigates|mitigated|mitigating",
    "ameliorate|ameliorates|ameliorated", "diminish|diminishes|diminished", "abolish|abolishes|abolished",
    "normalise|normalises|normalised|normalize|normalizes|normalized", "enable|enables|enabled",
    # the everyday and the clinical verbs of change, beyond the first list
    "affect|affects|affected", "influence|influences|influenced", "shorten|shortens|shortened",
    "lengthen|lengthens|lengthened", "prolong|prolongs|prolonged", "accelerate|accelerates|accelerated",
    "slow|slows|slowed", "speed|speeds|sped", "raise|raises|raised", "elevate|elevates|elevated",
    "augment|augments|augmented", "amplify|amplifies|amplified", "suppress|suppresses|suppressed",
    "inhibit|inhibits|inhibited", "blunt|blunts|blunted", "dampen|dampens|dampened", "weaken|weakens|weakened",
    "undermine|undermines|undermined", "hinder|hinders|hindered", "impair|impairs|impaired",
    "damage|damages|damaged", "harm|harms|harmed", "worsen|worsens|worsened", "aggravate|aggravates|aggravated",
    "exacerbate|exacerbates|exacerbated", "intensify|intensifies|intensified", "heighten|heightens|heightened",
    "foster|fosters|fostered", "facilitate|facilitates|facilitated", "nurture|nurtures|nurtured",
    "empower|empowers|empowered", "spark|sparks|sparked", "unlock|unlocks|unlocked",
    "shrink|shrinks|shrank", "expand|expands|expanded", "widen|widens|widened", "regrow|regrows|regrew",
    "regenerate|regenerates|regenerated", "rescue|rescues|rescued", "reinstate|reinstates|reinstated",
    "counteract|counteracts|counteracted", "offset|offsets", "buffer|buffers|buffered", "shield|shields|shielded",
    "stabilise|stabilises|stabilised|stabilize|stabilizes|stabilized", "modulate|modulates|modulated",
    "alter|alters|altered", "reshape|reshapes|reshaped", "remodel|remodels|remodelled|remodeled",
    "relax|relaxes|relaxed", "brighten|brightens|brightened", "lighten|lightens|lightened",
    "sharpen|sharpens|sharpened", "loosen|loosens|loosened", "soften|softens|softened", "numb|numbs|numbed",
    "quiet|quiets|quieted", "quieten|quietens|quietened", "silence|silences|silenced",
    "avert|averts|averted", "curb|curbs|curbed", "halt|halts|halted", "arrest|arrests|arrested",
    "comfort|comforts|comforted", "inspire|inspires|inspired", "motivate|motivates|motivated",
    "reinvigorate|reinvigorates|reinvigorated", "rejuvenate|rejuvenates|rejuvenated",
    "revitalise|revitalises|revitalised|revitalize|revitalizes|revitalized", "reconnect|reconnects|reconnected",
    "reunite|reunites|reunited", "reconcile|reconciles|reconciled", "unite|unites|united",
    "pull|pulls|pulled", "keep|keeps|kept", "outperform|outperforms|outperformed",
    "undo|undoes|undid", "uplift|uplifts|uplifted", "energise|energises|energised|energize|energizes|energized",
    "deplete|depletes|depleted", "release|releases|released", "activate|activates|activated",
    "block|blocks|blocked", "upregulate|upregulates|upregulated", "downregulate|downregulates|downregulated",
    "maximise|maximises|maximised|maximize|maximizes|maximized", "minimise|minimises|minimised|minimize|minimizes|minimized",
    "optimise|optimises|optimised|optimize|optimizes|optimized", "sustain|sustains|sustained",
    "overcome|overcomes|overcame", "conquer|conquers|conquered", "defeat|defeats|defeated",
    "dissolve|dissolves|dissolved", "break|breaks|broke", "shift|shifts|shifted", "steady|steadies|steadied",
    "ward|wards|warded", "stave|staves|staved", "spare|spares|spared", "drop|drops|dropped",
    "benefit|benefits|benefited|benefitted", "solve|solves|solved", "impede|impedes|impeded",
    "hamper|hampers|hampered", "obstruct|obstructs|obstructed", "disrupt|disrupts|disrupted",
    "clears|cleared|clearing", "driven", "impact|impacts|impacted", "confer|confers|conferred", "quell|quells|quelled", "dispel|dispels|dispelled",
    "tame|tames|tamed", "unblock|unblocks|unblocked", "jump-start|jump-starts|jump-started",
    "kick-start|kick-starts|kick-started", "smooth|smooths|smoothed", "shore|shores|shored",
    "elicit|elicits|elicited", "evoke|evokes|evoked", "extend|extends|extended", "recharge|recharges|recharged",
    "modify|modifies|modified", "abrogate|abrogates|abrogated",
    "slash|slashes|slashed|slashing", "knock|knocks|knocked", "shave|shaves|shaved", "trim|trims|trimmed",
    "up-regulate|up-regulates|up-regulated", "down-regulate|down-regulates|down-regulated",
    "revolutionise|revolutionises|revolutionised|revolutionize|revolutionizes|revolutionized",
    "settle|settles|settled", "stem|stems|stemmed", "precipitate|precipitates|precipitated",
    "poison|poisons|poisoned", "patched", "kill|kills|killed", "stymie|stymies|stymied", "push|pushes|pushed",
    "revolutionising|revolutionizing",
    "predisposes", "shorten|shortens|shortened", "restart|restarts|restarted", "impairing",
    "neutralise|neutralises|neutralised|neutralize|neutralizes|neutralized",
    "stunts", "wreck|wrecks|wrecked|wrecking", "shrunk", "straighten|straightens|straightened", "retards|retarded", "ruin|ruins|ruined|ruining", "harden|hardens|hardened", "corrects",
    "catalyse|catalyses|catalysed|catalyze|catalyzes|catalyzed", "delay|delays|delaying", "compromise|compromises|compromised",
    "erode|erodes|eroded", "fuel|fuels|fuelled|fueled|fuelling|fueling", "spoil|spoils|spoiled|spoilt", "steer|steers|steered",
    "halting", "dull|dulls", "rob|robs|robbed|robbing", "zap|zaps|zapped|zapping",
    "drain|drains|drained|draining", "clog|clogs|clogged|clogging", "stunting|stunted", "limits", "limiting",
    "provoke|provokes|provoked|provoking", "effected", "impacting",
    # common verbs of change that no labelled sentence had needed yet ("a lacquer that destroys fungus")
    "destroy|destroys|destroyed|destroying", "eradicate|eradicates|eradicated|eradicating",
    "obliterate|obliterates|obliterated", "annihilate|annihilates|annihilated", "vanquish|vanquishes|vanquished",
    "abate|abates|abated", "curtail|curtails|curtailed", "hasten|hastens|hastened", "quicken|quickens|quickened",
    "stimulate|stimulates|stimulated", "ignite|ignites|ignited", "unleash|unleashes|unleashed",
    "liberate|liberates|liberated", "purge|purges|purged", "detoxify|detoxifies|detoxified",
    "cleanse|cleanses|cleansed", "devastate|devastates|devastated", "cripple|cripples|crippled",
    "shatter|shatters|shattered", "sap|saps|sapped", "bolster|bolsters|bolstered", "flatten|flattens|flattened",
    "rekindle|rekindles", "destabilise|destabilises|destabilised|destabilize|destabilizes|destabilized",
)
# Phrasal verbs whose second word makes them causal ("leads to", "results in").
PHRASAL = {"impacts": {"on"}, "impacted": {"on"}, "interfere": {"with"}, "interferes": {"with"}, "interfered": {"with"},
           "lead": {"to"}, "leads": {"to"}, "led": {"to"}, "leading": {"to"}, "results": {"in", "from"},
           "resulted": {"in", "from"}, "resulting": {"in", "from"}, "contribute": {"to"}, "result": {"in", "from"}, "contributes": {"to"},
           "contributed": {"to"}, "contributing": {"to"}, "give": {"rise"}, "gives": {"rise"}, "gave": {"rise"},
           "bring": {"about", "down"}, "brings": {"about", "down", "on"}, "brought": {"about", "down", "on"}, "bringing": {"down"},
           "sped": {"up"}, "speeded": {"up"},
           "sort": {"out"}, "sorts": {"out"}, "sorted": {"out"},
           "benefit": {"from"}, "benefited": {"from"}, "benefitted": {"from"}, "profited": {"from"}, "profits": {"from"}, "hold": {"back"}, "holds": {"back"}, "held": {"back"},
           "wear": {"down", "away"}, "wears": {"down", "away"}, "wore": {"down", "away"}, "wearing": {"down", "away"},
           "chip": {"away"}, "chips": {"away"}, "chipped": {"away"}, "chipping": {"away"},
           "set": {"off"}, "sets": {"off"}, "setting": {"off"}}
# "works": a claim on its own ("the therapy works", "works for depression").
WORKS = {"work", "works", "worked"}
# Passives that claim a cure even without "by": "trust was restored", "the fear was healed".
STRONG_PASSIVES = {"beaten", "defeated", "conquered", "solved", "restored", "healed", "cured", "eliminated", "transformed", "repaired", "saved", "resolved",
                   "erased", "wiped", "fixed", "mended", "rebuilt", "renewed", "reversed", "banished"}
# Intransitive ends of a problem: "suicidal thoughts went away", "the pain vanished".
VANISHED = {"vanished", "disappeared", "evaporated", "lifted", "melted", "dissolved", "faded", "lifts", "vanishes",
            "fades", "disappears", "melts"}
# "gave people relief", "brings teenagers back to a healthy weight"
GIVES = {"give", "gives", "gave", "given", "giving", "bring", "brings", "brought", "bringing", "get", "gets", "got",
         "getting", "hand", "hands", "handed", "handing"}
GIVEN_THINGS = {"relief", "benefit", "benefits", "freedom", "hope", "back", "lives", "peace", "closure", "closer",
                "together", "lease", "chance", "boost", "lift", "respite", "life", "independence", "reason",
                "confidence", "courage"}
GAINS = {"gained", "gain", "gains", "found", "finds", "obtained", "drew", "derived", "got", "get", "gets"}
# Words before "block" that make it the injection or the stretch of sessions, a noun: "the nerve
# block eased her pain", "across the six-week physio block" (and any abbreviation: "the ESP block")
BLOCK_KINDS = {"nerve", "nerves", "plane", "canal", "field", "regional", "spinal", "epidural", "caudal", "ganglion",
               "stellate", "femoral", "sciatic", "brachial", "plexus", "interscalene", "paravertebral", "intercostal",
               "digital", "sympathetic", "facet", "genicular", "iliaca", "fascia", "motor", "sensory", "neuromuscular",
               "heart", "branch", "conduction", "anaesthetic", "anesthetic", "physio", "rehab", "training", "treatment",
               "therapy", "stumbling", "building"}


def _block_noun(before: str, earlier: str) -> bool:
    """Whether "block(s)" after the word `before` (as written; the word before it, lower-cased:
    `earlier`) is a noun: an injection or a stretch of sessions named by the word before it ("nerve
    block", "rehab blocks", "the SAP block"), not a verb ("may block pain", "HRT and CBD block bone
    loss": an abbreviation only after a determiner or a preposition)."""
    return before.lower() in BLOCK_KINDS or (len(before) > 1 and before.isupper() and before.isalpha()
                                             and earlier in {"the", "a", "an", "this", "that", "each", "every", "single", "after",
                                                             "before", "following", "during"})


# Subjects that make "X is what ..." a question asked, not a cause named ("The mystery is what set off
# the outbreak", "The focus of this review is what contributes to falls")
OPEN_SUBJECTS = {"mystery", "question", "questions", "focus", "aim", "aims", "puzzle", "interest", "unknown", "unclear",
                 "issue", "challenge", "task", "goal", "debate", "outcome", "matters"}
# What is set off that is no harm ("sets off the alarm", "set off the cost against tax")
NOT_SET_OFF = {"alarm", "alarms", "fireworks", "firework", "chart", "border", "cost", "costs", "bomb", "siren", "trend",
               "debate", "journey"}
# What a phrasal verb leads to that is a model's term or a paper's part, not an effect ("contributed
# significantly to the likelihood of falls", "led to the conclusion")
MODEL_TERMS = {"conclusion", "conclusions", "recommendations", "predicting", "explaining", "variance", "likelihood", "odds",
               "probability", "ratio", "rr", "hr"}
# Verbs of wanting or trying before "to": what follows is an aim, not a finding ("Try to chip away at the weight")
AIMING = {"try", "tries", "trying", "tried", "want", "wants", "wanted", "need", "needs", "aim", "aims", "aimed", "plan",
          "plans", "hope", "hopes", "going", "able", "wish", "helps", "help"}
# What "made X ..." can make happen: "made the pain fade", "made brain cells sprout"
CHANGE_VERBS_BARE = {"fade", "sprout", "grow", "disappear", "vanish", "heal", "recover", "improve", "flourish",
                     "thrive", "relax", "open", "bond", "reconnect", "talk", "sleep", "stop", "quit", "forgive"}
# Predicates that say a thing did good or harm: "was mutually beneficial for patients"
VITAL = {"crucial", "essential", "vital", "critical", "important"}
# "is a good treatment for", "is a valuable treatment for": the treatment's effect, stated
GOOD_TREATMENT = {"good", "valuable", "successful", "excellent", "great", "powerful", "reliable"}
GOOD_FOR = {"beneficial", "helpful", "harmful", "detrimental", "protective", "damaging"}
# Idioms of effect, each form written out.
IDIOMS = Terms(["take the edge off", "takes the edge off", "took the edge off", "taking the edge off", "taken the edge off",
                "brought an end to", "brings an end to", "bring an end to", "put an end to", "puts an end to",
                "put an end to", "puts an end to", "putting an end to", "put a stop to", "puts a stop to",
                "new lease on life", "new lease of life", "turned things around", "turns things around",
                "turned their lives around", "turned his life around", "turned her life around",
                "done away with", "did away with", "does away with", "do away with", "made all the difference", "makes all the difference", "a world of difference", "made the difference",
                "makes the difference",
                "worked wonders", "works wonders", "did wonders", "does wonders", "do wonders",
                "made a difference", "makes a difference", "made a real difference", "makes a real difference",
                "paid off", "pays off", "did the trick", "does the trick", "did its job", "does its job", "did their job", "do their job", "did its work", "done its job", "broke the cycle", "breaks the cycle",
                "broke the grip", "breaks the grip", "lifted the fog", "lifts the fog", "got their lives back",
                "gave them their lives back", "back on track", "back on their feet", "back to normal",
                "broken the cycle", "break the cycle", "breaking the cycle", "lost their sting", "lose their sting",
                "loses its sting", "lost its sting", "broken the grip", "break the grip", "swept away", "knocked out",
                "turned the tide", "turns the tide", "put this down to", "puts this down to", "the programme's doing",
                "the program's doing", "the therapy's doing", "changes everything", "changed everything",
                "gave them back", "gives them back", "given them back", "brought them back", "did the job", "does the job", "do the job",
                "done the job", "took the sting out of", "takes the sting out of", "take the sting out of",
                "that did it", "that did the trick", "a thing of the past", "a head start", "got rid of", "gets rid of", "get rid of",
                "gone for good", "held off", "holds off", "took away", "takes away", "weight off my shoulders", "weight off our shoulders", "weight off their shoulders",
                "weight off his shoulders", "weight off her shoulders", "weight off your shoulders",
                "works miracles", "worked miracles", "work miracles", "working miracles",
                "more harm than good"])
# "have small effects", "showed lasting benefits": an effect stated as had
HAVING = {"have", "has", "had", "show", "shows", "showed", "produce", "produces", "produced", "exert", "exerts",
          "exerted", "demonstrate", "demonstrates", "demonstrated", "yield", "yields", "yielded", "having", "shown",
          "found", "observed", "detected", "revealed", "exhibited", "exhibit", "exhibits", "displayed", "demonstrating",
          "showing", "confirmed", "confirms", "confirm", "possess", "possesses", "possessed"}
# Objects a research verb takes that are not a change in people ("enhances understanding").
RESEARCH_OBJECTS = {"understanding", "knowledge", "insight", "insights", "awareness", "evidence", "literature",
                    "research", "discussion", "questions", "debate", "interest", "hypotheses", "hypothesis",
                    "riddle", "puzzle", "mystery", "the", "our", "this"}
# "turned strained marriages into supportive ones"
TURNS = {"turn", "turns", "turned", "turning"}
# Words that name an effect as a fact: "is an effective treatment", "confirmed the efficacy".
# Adjectives of a treatment working; "successful" only where a treatment is its subject ("Grommet surgery is
# highly successful"; not "Randomisation was successful", "The grant application was successful")
EFFICACIOUS = {"effective", "efficacious", "curative", "successful"}
EFFICACY = EFFICACIOUS | {"efficacy", "effectiveness"}
# How many times as much ("half as effective as", "three times as effective"), stepped over to the verb
AS_MANY_TIMES = {"half", "one-half", "one-third", "twice", "thrice", "times", "two", "three", "four", "five", "six",
                 "seven", "eight", "nine", "ten"}
ROUGHLY = {"about", "roughly", "nearly", "almost", "around"}


def _as_many_times(tokens: list[_Token], j: int) -> bool:
    """Is token j part of how many times as much, before "as effective" ("about half as", "3 times
    as")? Not "about" alone ("The talk is about effective ways", "was about as effective as a
    sugar pill": no multiple)."""
    word = tokens[j].low
    after = tokens[j + 1].low if j + 1 < len(tokens) else ""
    if word in ROUGHLY:
        return after in AS_MANY_TIMES or after[:1].isdigit()
    return (word in AS_MANY_TIMES or word[:1].isdigit()) and after in {"as", "times"}
# Verbs that raise or lower a chance ("increases the possibility of")
# ("raise the possibility of" is a stock hedge: "The case raises the possibility of an allergic cause")
RAISES = {"increase", "increases", "increased", "increasing", "reduce", "reduces", "reduced", "reducing", "decrease",
          "decreases", "decreased", "lower", "lowers", "lowered"}
# After "due to", a verb: what is scheduled ("due to be published", "due to start in May"), not a cause
SCHEDULED = {"be", "start", "begin", "finish", "launch", "report", "appear", "expire", "publish", "resume", "arrive"}
# (not "open", "close", "run", "return", "complete": "due to close monitoring" names a cause)
# What "the key to" a good outcome names ("Immersion in hot water is the key to pain relief")
KEY_OUTCOMES = {"relief", "recovery", "healing", "cure", "prevention", "remission", "survival", "recovering", "surviving",
                "staying", "overcoming"}
# "because of the sessions, ..."
BECAUSE = ({"because", "of"}, {"thanks", "to"}, {"due", "to"}, {"owing", "to"}, {"result", "of"}, {"consequence", "of"},
           {"attributable", "to"}, {"attributed", "to"}, {"secondary", "to"}, {"sequela", "of"}, {"sequelae", "of"})
# "the improvement came from X", "deficits arise from X": a change said to have a source
SOURCE_VERBS = {"came", "comes", "come", "arise", "arises", "arose", "stem", "stems", "stemmed", "stemming"}
# ... and a harm that arises or stems from something has a cause (not "the nerve arises from the notch",
# an anatomical origin, nor "symptoms arising from the band", a participle that says which)
ARISE = {"arise", "arises", "arose", "stem", "stems", "stemmed"}
AILMENTS = {"condition", "conditions", "disorder", "disorders", "disease", "diseases", "injury", "injuries", "complication",
            "complications", "intolerance", "deformity", "deformities", "pain", "pains"}
CHANGE_NOUNS = {"improvement", "improvements", "benefit", "benefits", "gains", "gain", "change", "changes", "drop",
                "fall", "rise", "relief", "recovery", "deficits", "deficit", "damage", "effects", "effect",
                "reduction", "reductions", "increase", "increases", "progress", "healing", "turnaround"}
# Comparatives that "because" can explain: "drank less because their parents had learned..."
COMPARATIVES = {"less", "more", "fewer", "better", "worse", "calmer", "happier", "closer", "stronger", "healthier",
                "lower", "higher", "longer", "shorter", "easier", "safer", "sooner", "faster"}
# Nouns that claim an effect when a treatment word stands before them ("intervention effects").
TREATMENT_WORDS = {"intervention", "treatment", "therapy", "programme", "program", "drug", "session", "sessions"}
# "a cure for", "the remedy for"
CURE_NOUNS = {"cure", "remedy", "antidote"}
# -ed forms after these are adjectives ("a decreased risk", "improved mood in"), not claims.
# A verb's form after these is a noun or an adjective: "the end", "in protected sex", "the parent's calm".
NOUN_CUES = {"the", "a", "an", "this", "its", "their", "his", "her", "of", ",", "in", "on", "at", "for", "from", "with", "as", "despite",
             "during", "throughout", "following", "through", "without", "via",
             "into", "about", "among", "between", "under", "upper", "our", "your", "my", "any"}
DETERMINERS = {"the", "a", "an", "their", "his", "her", "its", "our", "your", "them", "him", "us", "people", "patients"}
ADJECTIVE_CUES = {"a", "an", "the", "significant", "significantly", "statistically", "this", "their", "its",
                  "his", "her", "more", "less", "with", "of", "and", "or", "any", "some", "no"}
# "makes X better/feel...": causal.
MAKES = {"make", "makes", "made", "making"}
MAKE_RESULTS = {"better", "worse", "happier", "closer", "calmer", "easier", "stronger", "healthier", "feel",
                "more", "less", "fewer", "possible", "well", "whole", "safer", "kinder", "lighter", "difference",
                "difficult", "harder", "impossible", "bearable", "manageable", "tolerable", "obsolete", "unnecessary", "safe",
                "susceptible", "vulnerable", "prone"}
# Adjectives before "effect(s)" that claim an effect ("a healing effect").
EFFECT_ADJECTIVES = {"healing", "therapeutic", "beneficial", "positive", "protective", "curative",
                     "antidepressant", "calming", "lasting", "powerful", "strong", "clear", "dramatic",
                     "significant", "profound", "big", "large", "real", "small", "modest", "moderate", "medium",
                     "sustained", "long-lasting", "durable", "rapid", "robust", "meaningful", "negative",
                     "harmful", "detrimental", "favourable", "favorable", "marked", "striking", "remarkable",
                     "antisuicidal", "anti-suicidal", "anxiolytic", "antidepressive", "anti-depressive", "preventive", "preventative",
                     "prophylactic", "devastating", "anticonvulsant", "analgesic", "additive", "synergistic", "severe", "serious",
                     "inhibitory", "stimulatory", "suppressive", "immunomodulatory", "anti-tumour", "antitumor",
                     "antiaddictive", "anti-addictive", "favourable", "favorable", "anti-inflammatory", "neuroprotective"}
EFFECT_NOUNS = {"effect", "effects", "impact", "benefit", "benefits", "influence", "influences", "consequences"}

# Negations of a noun ("no threat", "without side effects") reach no further than the next "and".
NOMINAL_NEGATIONS = {"no", "none", "nothing", "without", "zilch"}
# "failed to improve" takes a claim back; "after years of failed pills" does not
FAILING = {"failed", "fail", "fails"}
# What takes the claim back.
WEAK_EVIDENCE = {"some", "limited", "emerging", "preliminary", "initial", "little", "weak", "modest", "early", "mixed",
                 "growing", "provide", "provides", "provided", "partial", "lend", "lends", "lent", "increasing"}
# Words that doubt what follows, or say it is someone's belief or hope: a hedge, and what the learned
# reader's surest quote never reaches past (with the negations: DOUBTS)
DOUBTING = {"may", "might", "could", "would", "possibly", "perhaps", "maybe", "presumably", "apparently", "seemingly",
            "think", "thinks", "suspect", "suspects",  # after whoever holds the belief (_idle_hedge)
            "suggest", "suggests", "suggested", "suggesting", "appear", "appears", "appeared", "seem", "seems",
            "seemed", "likely", "probably", "probable", "potentially", "whether", "if", "unclear", "unknown", "hope",
            "hopes", "hoped", "thought", "believed", "reportedly", "allegedly", "supposedly", "purportedly",
            "ostensibly"}
# ... and the words of what is still to be shown, tested, planned or argued
HEDGES = DOUBTING | {
    "presumed", "unlikely", "potential", "hypothesis", "hypothesised", "hypothesized", "aim", "aims", "aimed", "designed",
    "tested", "test", "testing", "examine", "examined", "examines", "explore", "explored", "explores", "assess", "assessed",
    "assesses", "investigate", "investigated", "investigates", "evaluate", "evaluated", "evaluates", "promise",
    "promising", "preliminary", "hint", "hints", "hinted", "question", "needs", "need", "considered", "regarded",
    "expected", "possible", "tentative", "tentatively", "signal", "signals", "trend", "plan", "plans", "planned",
    "possibility", "speculate", "speculated", "theorised", "theorized", "propose", "proposes", "proposed", "argue",
    "argues", "argued", "claim", "claims", "claimed", "proposing", "supposed", "points", "pointed", "needed", "confirm",
    "warrant", "supports", "assumption", "assumptions", "theoretical", "imply", "implies", "implied", "necessary",
    "postulate", "postulated", "postulates", "hypothesise", "hypothesize", "warrants", "warranted"}
# Hedges whose reach is the whole clause after them ("These findings suggest that ... has an effect").
SCOPING_HEDGES = {"suggest", "suggests", "suggested", "suggesting", "maybe",
                  "evaluate", "evaluated", "evaluates", "assess", "assessed", "assesses", "examine", "examined",
                  "examines", "investigate", "investigated", "investigates", "explore", "explored", "explores",
                  "test", "tested", "tests", "regarding", "how", "why", "whom", "needs", "need", "remain",
                  "remains", "unclear", "unknown", "questions", "nobody",
                  "possibility", "hypothesis", "whether", "if", "may", "might", "could", "propose",
                  "proposes", "proposed", "hope", "hoped", "speculate", "speculated", "argue", "argues", "argued",
                  "proposing", "needed", "confirm", "assumption", "theoretical", "what", "goal", "goals",
                  "should", "must", "ought", "overview", "imply", "implies", "implied", "required", "establish", "necessary",
                  "determine", "postulate", "postulated", "postulates"}
NEGATIONS = {"rarely", "seldom", "not", "no", "never", "nobody", "noone", "neither", "nor", "cannot", "can't", "cant", "didn't", "doesn't", "don't",
             "isn't", "wasn't", "weren't", "aren't", "won't", "hasn't", "haven't", "failed", "fail", "fails",
             "without", "none", "nothing", "lack", "lacked", "lacks", "unlikely", "unproven", "zilch"}
REPORTS = {"said", "say", "says", "reported", "report", "reports", "described", "describe", "describes", "swear", "swears", "swore",
           "felt", "feel", "feels", "told", "tell", "perceived", "perceive", "believed", "believe",
           "noticed", "notice", "rated", "rate", "recalled", "shared", "mentioned", "described", "wrote",
           "experienced", "according", "found", "find", "finds", "insist", "insists", "insisted", "supported",
           "stated", "explained", "expressed", "claimed", "agreed", "thought", "attributed", "credited", "reckon",
           "reckons", "reckoned", "claim", "convinced", "believes", "posted", "likened", "liken", "likens"}
ASSOCIATION = {"linked", "link", "links", "associated", "association", "associations", "correlated",
               "correlation", "related", "likelier", "predicted",
               "predicts", "predict", "predictor", "tended", "tend", "tends", "coincided", "correlate", "correlates",
               "implicated", "implicate", "implicates"}
ASSOCIATION_PHRASES = ({"more", "likely"}, {"less", "likely"})
# Words that mean association only with the next word: "the relationship between", "tied to".
# "correlation analyses revealed that X resulted in Y": the name of a method, not an association
# "the link worker", "a link nurse": a role in social prescribing and on wards, not an association
LINK_ROLES = {"worker", "workers", "nurse", "nurses", "person", "coordinator", "coordinators", "officer", "officers"}
ANALYSES = {"analysis", "analyses", "coefficient", "coefficients", "matrix", "study", "studies"}
# What people say or show of their own view, a report only straight after the people ("Participants
# indicated that it was beneficial", "They also reflected that", "carers cited better sleep"); after
# results or data a finding ("the data indicated that ..."): _people_say
SPOKEN = {"indicated", "indicate", "indicates", "reflected", "reflect", "reflects", "cited", "cite", "cites",
          "acknowledged", "voiced", "recounted", "endorsed"}
# What people said, as a noun: "participants' perspectives on the group: ..."
REPORT_NOUNS = {"claims", "perspectives", "perspective", "views", "view", "accounts", "account", "perceptions", "narratives",
                "reports", "experiences", "opinions", "impressions", "testimonies", "stories", "testimonials", "anecdotes"}
# Nouns whose "that" clause is what people say: "testimonials that ibogaine alleviated craving"
TOLD_THAT = {"testimonials", "testimonial", "claims", "claim", "anecdotes", "stories", "testimonies", "reports",
             "accounts", "rumours", "rumors", "beliefs", "belief"}
# ... and what else "according to" may cite that is no one's report ("according to research", "according
# to the pilot's figures", "according to microscope counts"); only there, since "mothers in the pilot said" is theirs
CITED = {"pilot", "experiment", "cohort", "research", "literature", "counts", "measurements", "lab", "laboratory"}
# "according to this review": a source that is not people's own report
SOURCES_NOT_PEOPLE = {"review", "study", "trial", "analysis", "data", "findings", "results", "paper", "authors",
                      "follow-up", "records", "files", "figures", "statistics", "survey", "study's", "criteria",
                      "guidelines", "guideline", "definition", "definitions", "standards", "classification",
                      "series", "audit", "chart", "charts", "registry", "evaluation", "hospital's", "clinic's",
                      "report", "team's", "case", "page", "website", "site", "brochure", "flyer", "leaflet", "advert", "advertisement", "booking",
                      "spa's", "retreat's", "company's", "manufacturer", "label", "packaging", "promoters", "seller",
                      "researchers", "meta-analysis", "evidence", "survey", "scans", "scan", "tests", "records",
                      "researchers'",
                      "studies", "trials", "reviews", "analyses", "meta-analyses", "audits", "surveys", "tally", "tallies",
                      "log", "logs", "logbook", "register", "database", "databases"}
ASSOCIATION_PAIRS = {("hand", "in"), ("relationship", "between"), ("relationships", "between"), ("tied", "to"), ("connected", "to"),
                     ("connected", "with"), ("relation", "to"), ("relation", "between")}
PREPOSITIONS = {"after", "over", "during", "in", "at", "from", "with", "within", "across", "among", "by",
                "between", "than", "for", "on", "compared", "relative", "following", "before", "until",
                "throughout", "when", "while", "as", "since", "beyond", "past", ".", ",", ";", ":", "?", "!", "and", "or",
                "but", "to", "up", "down", "slightly", "too", "again", "because", "if", "unless", "once", "so",
                "although", "though", "whereas", "where", "which", "who", "that", "toward", "towards", "into",
                "onto", "upon", "via", "through", "per", "despite", "versus", "vs", "of"}
ADVERBS = {"significantly", "greatly", "substantially", "markedly", "dramatically", "also", "rapidly",
           "quickly", "strongly", "clearly", "further", "sharply", "steadily", "consistently", "really",
           "truly", "actually", "directly", "effectively", "reliably", "dramatically", "profoundly",
           "deeply", "lastingly", "largely", "meaningfully", "noticeably", "considerably", "both",
           "even", "often", "usually", "always", "do", "does", "did", "will"}
ACTORS = {"we", "researchers", "investigators", "authors", "participants", "patients", "clinicians",
          "doctors", "staff", "team", "i", "they", "people", "couples", "families", "volunteers", "parents", "you",
          "therapist", "therapists", "doctor", "nurse", "nurses", "gp", "psychiatrist", "prescriber", "few", "some",
          "many", "most", "others", "those", "several", "half", "one", "two", "three", "author",
          "reviewer", "reviewers", "investigator", "researcher", "assessor", "assessors"}
# Who does what they will do ("Surgeons will repair the hernia", "The council will cut funding", "These
# data will help us understand"): those of ACTORS who give care or study it (not those who receive it,
# nor a therapist, who is the treatment: "Patients will improve with urotherapy" is a claim), services
# and a study's parts: a plan or a purpose, not a treatment's effect
FUTURE_ACTORS = ACTORS - {"participants", "patients", "people", "couples", "families", "volunteers", "parents", "you",
                          "they", "few", "some", "many", "most", "others", "those", "several", "half", "one", "two",
                          "three", "therapist", "therapists"} | {
    "clinic", "clinics", "council", "service", "services", "hospital", "hospitals", "surgeon", "surgeons", "dentist",
    "dentists", "government", "nhs", "ministry", "school", "schools", "gps", "midwife", "midwives", "pharmacist",
    "pharmacists", "findings", "data", "results", "analysis", "analyses", "guideline", "guidelines", "registry",
    "sample", "samples", "study", "studies", "trial", "trials", "review", "project", "programme", "program", "survey"}
AUXILIARIES = {"was", "were", "is", "are", "been", "be", "being", "got", "get", "gets"}
MODAL_VERBS = frozenset({"may", "might", "can", "cannot", "could", "should", "will", "would", "must"})
# Who does a study's verb ("we examined", "they tested") rather than what a participle after a noun names
PRONOUNS_BEFORE_VERB = {"we", "they", "i", "he", "she", "it", "authors", "researchers", "investigators", "study", "trial",
                        "review", "analysis"}
# What a study was built to find, not what it found ("powered to detect a small effect")
DETECTING = {"detect", "detecting", "detectable"}
# Nouns that name what is said or believed: "Among the misconceptions assessed, sugar causes
# hyperactivity was endorsed" tests a belief, it does not state one
PROPOSITIONS = {"claims", "statements", "beliefs", "myths", "misconceptions", "hypotheses", "questions", "items",
                "ideas", "assertions", "propositions", "views", "opinions", "attitudes", "notions", "assumptions"}
# The prepositions that open a phrase of where or among whom ("In all regions examined, ...")
OPENING_PLACES = {"in", "among", "of", "across", "for", "at", "from", "within", "throughout", "on", "amongst"}

SAFETY_WORDS = Terms(["completely safe", "perfectly safe", "totally safe", "entirely safe", "absolutely safe",
                      "100% safe", "fully safe", "safe for everyone", "safe for anyone", "safe for all",
                      "risk-free", "risk free", "no risk", "no risks", "zero risk", "without risk",
                      "without any risk", "without risks", "no side effects", "no side-effects",
                      "without side effects", "without any side effects", "free of side effects",
                      "harmless", "no danger", "no dangers", "cannot harm", "can't harm", "no downside",
                      "no downsides", "nothing to fear", "no harm", "zero risks", "cannot be harmed",
                      "can't be harmed", "cannot hurt", "can't hurt", "nothing can go wrong", "not addictive",
                      "non-addictive", "never harmful", "no risk at all", "non-toxic", "nontoxic",
                      "safe at any dose", "at any dose", "harm anyone", "hurt anyone", "harm anybody",
                      "hurt anybody", "never harm", "never hurt", "harm no one", "hurts no one", "free of danger",
                      "free from danger", "free of risk", "free from risk", "free of harm", "free of any risk",
                      "no danger at all", "zero side effects", "totally harmless", "completely harmless",
                      "poses no risk", "pose no risk", "posed no risk", "no risk of", "without a single side effect",
                      "not a single side effect", "no side effects whatsoever", "no side effects at all",
                      "no harmful effects", "side-effect free", "side effect free", "side-effect-free", "poses no threat",
                      "pose no threat", "no threat to", "rest easy", "zero adverse effects", "anything to go wrong",
                      "proven safety", "proven safe", "proven to be safe", "can't do you any harm",
                      "cannot do you any harm", "won't do you any harm", "do you no harm", "free of complications", "free of any side effects", "free of any danger", "free of any harm", "free from any danger", "free of any risks", "free of risks", "free from any risks", "free from any side effects", "free from side effects",
                      "free from complications", "complication-free", "complication free", "zero complications",
                      "100% safe", "100 per cent safe", "hundred per cent safe", "100 percent safe", "hundred percent safe",
                      "zero chance of", "no chance of harm", "no chance of a reaction", "can go awry", "could go awry",
                      "the safest treatment", "the safest drug", "the safest strategy", "the safest approach", "the safest method", "riskless", "the safest option", "the safest way", "the safest choice",
                      "not one side effect", "not one adverse", "safe and effective treatment", "safe and effective option",
                      "safe and effective therapy", "safe and effective method", "safe and effective alternative",
                      "safe and effective intervention", "as safe as drinking", "as safe as water", "as safe as a glass of water",
                      "as safe as a cup of", "safe as houses", "safer than water", "absolutely no health risk*",
                      "no health risks whatsoever", "no health risks at all", "zero threat", "free of any complications",
                      "free from any complications", "utterly benign", "nothing bad can", "nothing bad will",
                      "hazard-free", "hazard free", "single unwanted", "so safe you could", "so safe that you could",
                      "can't cause any adverse", "cannot cause any adverse", "won't cause any adverse", "nil risk",
                      "nothing that could possibly go wrong", "nothing could possibly go wrong", "nothing can possibly go wrong",
                      "entirely non-poisonous", "completely non-poisonous", "totally non-poisonous",
                      "never cause any problems", "never causes any problems", "so benign you could", "so benign you can",
                      "so benign that you could", "guaranteed safe",
                      "safe for every"])
SAFETY_HEDGES = {"may", "might", "could", "can", "appear", "appears", "appeared", "seem", "seems", "seemed",
                 "suggest", "suggests", "suggested", "suggesting",
                 "likely", "generally", "relatively", "largely", "mostly", "probably", "whether", "if",
                 "reasonably", "fairly", "acceptably", "short-term", "considered", "thought", "believed", "would",
                 "look", "looks", "looked"}
# ... and these right before the safety word or its copula ("is usually safe", "typically harmless");
# not further off, where they go with another verb ("Doctors typically prescribe it because it is
# completely safe")
USUALLY = {"usually", "typically", "normally", "often"}
# Before a safety word, its denial: "far from safe", "nowhere near harmless"
FAR_FROM = (["far", "from"], ["anything", "but"], ["way", "from"], ["nowhere", "near"])
# Phrases that limit a safety statement to what was seen ("safe in this small group so far").
SAFETY_LIMITS = ("so far", "in this study", "in this group", "in this trial", "in the short term",
                 "in this small", "for now", "in the study", "in the trial", "in our study", "during the study",
                 "during the trial")
# The shape of an absolute claim the phrase list does not spell out: none of a harm ("poses no
# cardiac danger", "zero harmful consequences", "nothing whatsoever in the way of unwanted
# after-effects"), or a harm ruled out ("simply cannot damage", "won't harm you").
NONE_OF = {"no", "zero", "nil", "nothing", "without"}
HARMS = {"danger", "dangers", "harm", "harms", "damage", "after-effects", "aftereffects", "side-effects",
         "consequences", "toxicity", "reactions", "hazard", "hazards", "strain", "downside", "downsides", "drawbacks"}
HARM_EFFECTS = {"side", "adverse", "harmful", "ill", "negative", "unwanted", "toxic", "damaging"}  # before "effects"
HARM_VERBS = {"harm", "hurt", "damage", "injure", "poison", "endanger", "harms", "hurts", "damages", "injures",
              "strain", "strains"}
RULED_OUT = {"cannot", "can't", "won't", "never", "couldn't"}
# Words between "no" and a harm that make it a finding, not a promise ("no increased risk", "no
# serious side effects", "no evidence of harm", "no risk factors").
NOT_ABSOLUTE = {"increased", "elevated", "higher", "greater", "excess", "additional", "significant", "serious",
                "major", "new", "clinically", "statistically", "long-term", "further", "evidence", "apparent",
                "obvious", "known", "reported", "severe", "lasting", "worrying", "unexpected", "data", "signs",
                "sign", "difference", "differences", "change", "changes", "more", "less", "other", "real"}
OBSERVED = {"reported", "observed", "found", "seen", "recorded", "noted", "occurred", "happened", "detected",
            "were", "was"}
SAFE_FLAT = {"safe"}
REFUTED = {"wrong", "myth", "misconception", "false", "untrue", "mistaken", "misleading", "fiction"}
SAFE_PLACES = {"space", "spaces", "room", "rooms", "place", "places", "environment", "setting", "settings", "haven",
               "spot", "home", "container", "atmosphere", "harbour", "harbor", "distance", "bet", "way", "lounge",
               "ward", "centre", "center", "bay", "corner", "office", "studio", "sanctuary", "surroundings"}

ADVICE_VERBS = {"try", "take", "stop", "start", "switch", "quit", "begin", "use", "consider", "skip",
                "replace", "swap", "drop", "reduce", "increase", "combine", "mix", "book", "seek", "get",
                "ask", "demand", "insist", "request", "go", "buy", "order", "give", "sign", "join", "enrol",
                "enroll", "register", "add", "cut", "halve", "double", "taper", "lower", "raise", "change",
                "make", "find", "look", "travel", "microdose", "come", "wean", "discontinue", "miss", "wait",
                "delay", "hesitate", "keep", "continue", "talk", "tell", "trade", "grow", "refuse", "ditch",
                "abandon", "fly", "bin", "throw", "chuck", "drink", "eat", "smoke", "swallow", "nibble", "chew",
                "reserve", "pester", "nag", "badger", "lobby", "beg", "cancel", "bother"}
# Imperatives that are advice only when a treatment is named after them ("Ring the clinic and
# book a drip", "Bring your partner to a psilocybin retreat"; not "Bring your questions").
ERRANDS = {"stick", "pop", "slap", "pack", "drag", "haul", "bundle", "send", "bring", "ring", "phone", "call", "head", "march", "press", "push", "spend", "pick", "grab",
           "schedule", "plan", "email", "text", "visit", "fly", "put", "download", "install", "order", "brush",
           "floss", "apply", "rub", "pour", "sprinkle", "dab", "smear", "slather", "spritz", "hop", "soak",
           "squirt"}
TREATMENT_PLACES = {"retreat", "retreats", "clinic", "drip", "script", "prescription", "dose", "doses", "spray",
                    "sessions", "session", "course", "ceremony", "ceremonies", "journey", "trip", "drops", "tablets",
                    "tablet", "capsules", "supplement", "supplements", "jab", "jabs", "vaccine", "injection", "patch",
                    "inhaler", "antibiotics", "antidepressants", "medication", "medicines", "pills", "pill", "dose",
                    "workbook", "app", "course", "programme", "program", "aids", "implant", "implants", "exercises",
                    "physio", "physiotherapy", "microdose", "group", "class", "classes", "anaesthetic", "anesthetic",
                    "epidural", "mask", "masks", "inhalers", "cream", "creams", "patches", "injections", "splint", "brace",
                    "pads", "milligrams", "micrograms", "mg"}
READERS = {"you", "your", "every", "everyone", "anyone", "couples", "families", "patients", "readers",
           "people", "parents", "partners", "we", "all", "caregivers", "carers", "mothers", "fathers", "veterans",
           "survivors", "teens", "teenagers", "spouses", "adults", "anybody", "couple", "family", "parent",
           "stepfamilies", "stepparents", "grandparents", "caregiver", "carer", "mums", "dads", "moms",
           "personnel", "sufferers", "servicemen", "servicewomen"}
CARE_ROLES = {"physio", "physios", "surgeon", "surgeons", "midwife", "midwives", "dentist", "dentists", "optician",
              "optometrist", "visitor", "hygienist", "dietitian", "dietician", "pharmacists", "nurses", "consultants",
              "specialists", "paediatrician", "pediatrician", "physician", "physicians", "psychiatrists", "prescribers",
              "chemist", "chemists", "coordinator", "coordinators", "keyworker", "keyworkers"}
CARE_TEAM = {"care", "doctor", "doctors", "clinician", "clinicians", "gp", "therapist", "therapists", "clinic",
             "psychiatrist", "nurse", "pharmacist", "team", "prescriber", "provider", "consultant", "specialist",
             "maternity", "helpline", "111"}
PUSH = {"prescribe", "prescription", "prescribing", "getting", "start", "starting", "switch", "switching",
        "for", "refer", "referral", "stop", "stopping", "give", "book", "booking", "add", "adding", "try", "trying",
        "take", "taking", "use", "using", "increase", "raise", "double", "drop", "quit", "quitting", "want",
        "write", "script", "switched", "prescribed", "changed", "put"}
SUPERLATIVES = Terms(["most effective", "most powerful", "most promising", "best treatment*", "best hope",
                      "best option*", "best therap*", "best cure", "best way", "greatest discovery", "greatest breakthrough", "greatest treatment", "unmatched",
                      "unrivalled", "unrivaled", "unprecedented", "holy grail", "silver bullet",
                      "finally solved", "the answer to", "the solution to", "game changer*", "game-changer*",
                      "life-changing", "life changing", "revolution", "revolutionary", "cure-all",
                      "once and for all", "definitive proof", "end of depression", "finally been solved",
                      "has been solved", "miraculous", "nothing short of", "the future of", "the secret to",
                      "the secret of", "the secret behind", "unlock* secret*", "hidden secret", "finally cracked", "tops every", "tops all", "wonder cure", "works wonders", "ultimate", "brain hack",
                      "works for everyone", "work for everyone", "helps everyone", "cures everyone",
                      "single best", "best thing", "best thing you can do", "best medicine", "number one treatment",
                      "safest", "biggest advance", "biggest breakthrough", "greatest advance", "biggest step",
                      "nothing works better", "nothing beats", "nothing compares", "better than anything",
                      "most important", "changes everything", "comes close to", "the answer",
                      "fastest and most powerful", "most powerful", "outclasses", "outclassed", "better than any",
                      "beats every", "cracked it", "cracked the code", "cracked the riddle", "cracked the puzzle",
                      "game-changing", "game changing", "paradigm-shifting", "paradigm shifting", "the key that unlocks",
                      "the key to unlocking", "ever discovered", "ever invented", "ever developed", "greatest gift",
                      "beaten for good", "gone for good", "unbeatable", "second to none", "like no other",
                      "trumps every", "blows away", "out of this world", "leap forward", "quantum leap", "giant leap",
                      "undisputed", "champion of", "move over", "best strategy", "best approach", "best bet",
                      "best defence", "best defense", "gold standard", "number-one fix", "number one fix", "hands down",
                      "best gift", "long-sought", "long-awaited answer", "in the history of", "rejoice", "is history",
                      "bar none", "of our generation", "of all time", "secret weapon", "magic bullet", "greatest leap",
                      "biggest leap", "ever built", "ever devised", "ever designed",
                      "most cost-effective", "most cost effective", "most efficacious", "revolutionis*", "revolutioniz*",
                      "nothing on earth", "a marvel", "an utter triumph", "like nothing the world has seen",
                      "with zero failures", "never once let", "highest success rate", "success rate of any",
                      "fixes every", "cures every", "solves every", "heals every", "mends every", "nothing on this earth beats",
                      "like nothing else under the sun"])
# What a superlative describes when it ranks a problem, not a treatment ("the most severe symptom")
PROBLEM_ADJECTIVES = {"severe", "common", "frequent", "serious", "debilitating", "distressing", "prevalent", "disabling",
                      "painful", "deadly", "dangerous", "costly", "burdensome", "troublesome", "feared"}
# Superlatives that describe a study, not a treatment ("the largest trial ever run").
STUDY_SUPERLATIVES = {"largest", "biggest", "latest", "earliest", "oldest", "newest", "longest", "highest", "lowest",
                      "smallest", "shortest", "fewest", "widest", "closest", "best-known", "first", "least", "most", "poorest"}
STUDY_MOSTS = {"common", "commonly", "studied", "frequent", "frequently", "cited", "widely", "recent", "used",
               "prevalent", "often", "likely", "comprehensive", "detailed", "extensive", "rigorous", "people"}
# What a superlative says of the evidence, not of the treatment ("the best studied", "the most researched")
EVIDENCED = {"established", "studied", "known", "documented", "researched", "evidenced", "supported", "understood",
             "tested", "evaluated", "investigated", "described", "validated"}
# After "gold standard": the standard of care named, a clinical term ("the gold standard treatment for
# pectus excavatum", "the gold standard in the management of"), not a promise
STANDARD_CARE = {"treatment", "treatments", "management", "therapy", "technique", "procedure", "approach", "range"}
# What follows "best" or an -est word that is no promise ("the best available evidence", "the best fit")
NOT_BEST = STUDY_MOSTS | EVIDENCED | {"available", "practice", "evidence", "estimate", "estimates", "fit", "fitting", "case"}
GROWTH = {"tempo", "tempos", "pace", "rise", "increase", "increases", "surge", "upsurge", "growth", "number", "numbers", "demand", "scale",
          "levels", "challenge", "challenges", "pressure", "pressures", "crisis", "times", "pandemic", "spread",
          "decline", "burden", "rates", "shortage", "shortages"}
FACTORS = {"correlate", "correlates", "predictor", "predictors", "risk", "factor", "factors", "determinant",
           "determinants", "cause", "causes", "barrier", "barriers", "source", "sources", "conditions", "problems",
           "diseases", "issues", "questions", "challenges", "adverse", "complication", "complications", "threat",
           "threats", "harms", "hazards"}
# Before "the most effective ...": a question to answer, not a promise
RESEARCH_QUESTIONS = {"unclear", "unknown", "whether", "which", "determine", "identify", "consensus", "regarding",
                      "establish", "identifying", "determining", "establishing"}
# Superlatives that describe a treatment plainly ("the cheapest drug", "the safest" is the safety check's)
PLAIN_SUPERLATIVES = {"cheapest", "simplest", "safest", "strongest", "weakest", "commonest", "costliest", "slowest",
                      "fastest", "shortest", "longest", "easiest", "hardest", "latest", "earliest"}
CURES = {"drug", "drugs", "treatment", "treatments", "medicine", "medicines", "therapy", "therapies", "cure", "remedy",
         "pill", "pills", "weapon", "intervention", "discovery", "invention"}
# "nothing less than a miracle", "no less than": not a negation of the hype that follows
INTENSIFIERS = ("nothing less than", "nothing short of", "no less than", "none other than")


@dataclass
class Claim:
    """One flagged stretch of a text: its check, the words, where it starts, why, what to say."""

    check: str
    words: str
    start: int  # character offset in the text checked
    message: str


@dataclass
class _Token:
    text: str  # as written
    low: str
    start: int
    end: int


def _adverb(word: str) -> bool:
    """One of ADVERBS, or any word in -ly."""
    return word in ADVERBS or word.endswith("ly")


HAVE = frozenset({"has", "have", "had"})


def _back_past_adverbs(tokens: list[_Token], i: int, lo: int, also: set[str] | frozenset[str] = frozenset(),
                       most: int | None = None) -> int:
    """The place of the word before i once adverbs (and the words `also`) are stepped over, going
    back at most `most` words and never before lo: the verb's subject or auxiliary, most often."""
    j = i - 1
    while j > lo and (most is None or j >= i - most) and (_adverb(tokens[j].low) or tokens[j].low in also):
        j -= 1
    return j


# The longest sentence of the labelled sets and real abstracts has 114 tokens. Some rules read a
# clause from each of its words, so a run with no full stop (a pasted table, a PDF's text) is
# read in pieces of at most this many tokens, cut after a comma, semicolon or colon where there is
# one in the piece's second half: 100,000 words with none took seconds, and more for each word more.
MAX_TOKENS = 200


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of the text (a very long one in pieces, MAX_TOKENS)."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        out += _pieces(text, start, match.end())
        start = match.end()
    return out + _pieces(text, start, len(text))


def _pieces(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, text) of text[start:end], stripped, in pieces of at most MAX_TOKENS tokens."""
    if end - start <= MAX_TOKENS:  # a token takes a character at least: most sentences need no count
        return _stripped(text, start, end)
    out = []
    tokens = list(_WORD.finditer(text, start, end))
    k = 0
    while len(tokens) - k > MAX_TOKENS:
        half = k + MAX_TOKENS // 2
        cut = next((j + 1 for j in range(k + MAX_TOKENS - 1, half, -1) if tokens[j].group() in {",", ";", ":"}),
                   k + MAX_TOKENS)
        out += _stripped(text, start, tokens[cut].start())
        start, k = tokens[cut].start(), cut
    return out + _stripped(text, start, end)


def _stripped(text: str, start: int, end: int) -> list[tuple[int, str]]:
    piece = text[start:end]
    return [(start + len(piece) - len(piece.lstrip()), piece.strip())] if piece.strip() else []


def _tokens(sentence: str, offset: int) -> list[_Token]:
    return [_Token(m.group(), m.group().lower().replace("’", "'"), offset + m.start(), offset + m.end())
            for m in _WORD.finditer(sentence)]


@functools.lru_cache(maxsize=16)
def _read(text: str) -> tuple[tuple[int, str, list[_Token]], ...]:
    """(offset, sentence, tokens) for each sentence: split and tokenized once for the four checks
    that read the same text one after another (the tokens are never changed)."""
    return tuple((offset, sentence, _tokens(sentence, offset)) for offset, sentence in sentences(text))


# -- cause and effect --------------------------------------------------------------------------------

_CLAUSE_BREAKS = {";", ":", "but", "although", "whereas", "while", "though"}
_PEOPLE = {"participants", "patients", "people", "couples", "they", "many", "some", "most", "families", "those",
           "parents", "partners", "women", "men", "veterans", "volunteers", "clients", "mothers", "fathers",
           "caregivers", "carers", "she", "he", "respondents", "interviewees", "users", "teenagers",
           "children", "adolescents", "spouses", "wives", "husbands", "members", "others", "few", "soldiers",
           "firefighters", "nurses", "students", "adults", "survivors", "residents", "employees", "workers",
           "athletes", "siblings", "grandparents", "dads", "moms", "mums", "microdosers", "drinkers", "we", "i",
           "guests", "visitors", "inmates", "kids", "boys", "girls", "subjects", "individuals", "persons",
           "neighbour", "neighbor", "neighbours", "neighbors", "friend", "friends", "colleague", "colleagues", "sister",
           "brother", "cousin", "aunt", "uncle", "husband", "wife", "pupils", "pupil", "pairs", "dr", "prof", "professor",
           "mr", "mrs", "ms", "partner", "boyfriend", "girlfriend", "flatmate", "fiancé", "fiance", "fiancée", "fiancee",
           "mate", "mates", "pal", "pals", "buddy", "buddies", "teens", "alumni", "attendees", "graduates",
           "mum", "mom", "dad", "mother", "father", "mummy", "daddy", "stepdad", "stepmum", "stepmom", "nan", "nana",
           "gran", "granny", "grandma", "grandad", "granddad", "grandpa", "grandmother", "grandfather", "grandson",
           "granddaughter", "grandchildren", "auntie", "niece", "nieces", "nephew", "nephews", "son", "sons", "daughter",
           "daughters", "teammate", "teammates"}


@dataclass
class _Clause:
    lo: int
    hi: int
    associational: int  # where "was linked to", "were more likely to" starts (or a huge number)
    reported: int  # the first report verb after people ("participants said"), or a huge number
    question: bool
    scoped: int  # the first token of a hedge that reaches over the rest of the clause (or -1)


def _in_parentheses(sentence: str, tokens: list[_Token], offset: int) -> set[int]:
    """The indices of the tokens inside round brackets ("(RR=1.00; 95% CI ...)"), in one pass."""
    depth, inside, k = 0, set(), 0
    for pos, char in enumerate(sentence):
        while k < len(tokens) and tokens[k].start - offset < pos:
            if depth:
                inside.add(k)
            k += 1
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
    return inside


def _person(low: str) -> bool:
    """A word naming people, possessives too ("participants'", "parents's")."""
    return low in _PEOPLE or low.removesuffix("'s").removesuffix("'") in _PEOPLE


NOT_PEOPLE = {"disorders", "markers", "numbers", "papers", "centers", "centres", "answers", "matters", "letters",
              "factors", "others", "barriers", "layers", "filters", "parameters", "orders", "chapters", "clusters",
              "quarters", "waters", "headquarters", "trials", "results", "effects", "researchers", "investigators",
              "authors", "scientists", "reviewers", "editors", "evaluators", "assessors", "raters", "treatments",
              "components", "elements", "instruments", "environments", "assessments", "segments", "documents",
              "arguments", "experiments", "statements", "measurements", "requirements", "improvements",
              "developments", "agents", "moments", "comments", "adjustments", "payments", "departments",
              "governments", "settlements", "events", "contents", "percents", "ingredients", "supplements"}


def _named_by_role(w: str) -> bool:
    """People named by what they do: "pensioners", "attendees", "recipients", "survivors"."""
    return w.endswith(("ers", "ists", "ants", "ents", "ians", "ees", "ors")) and w not in NOT_PEOPLE


OBJECT_PRONOUNS = frozenset({"me", "him", "her", "us", "them"})  # "let him sleep", "got us talking"


def _people_word(w: str) -> bool:
    """People, by the list or by what they do."""
    return _person(w) or _named_by_role(w)


POPULATIONS = {"elderly", "population", "populations", "females", "males", "infants", "babies", "toddlers", "ages"}
# Animals a study was done on ("Mice given ketamine", "rats had reduced ...")
CREATURES = {"mice", "rats", "animals", "pigs", "piglets", "rabbits", "dogs", "monkeys", "primates", "pups", "lambs",
             "zebrafish"}


def _names_people(after: Sequence[str]) -> bool:
    """Whether the first of the (lower-cased) words after a verb name a group of people, and nothing
    of theirs: "affects the elderly", "affects vulnerable populations", "can affect people of any
    age" (not "affects people's mood", nor a word after a comma or a number)."""
    for w in after[:3]:
        if not w.isalpha():
            return False
        if w in {"many", "some", "most", "few", "those", "all"}:
            continue  # "affects many children", not "can affect many aspects of life": the next word says
        if _person(w) or w in POPULATIONS:
            return True
    return False


# Where on the body a disease shows ("can affect any hair-bearing area")
BODY_PLACES = {"area", "areas", "part", "parts", "site", "sites", "region", "regions", "joint", "joints", "limb", "limbs"}


def _names_people_or_places(after: Sequence[str]) -> bool:
    """Whom a disease affects (_names_people), or where: "can affect any hair-bearing area" (not
    "affected sales in every region", "Alcohol affects every part of the body": what changed)."""
    return _names_people(after) or (after[:1] == ["any"] and any(w in BODY_PLACES for w in after[1:4]))


def _named_speaker(tokens: list[_Token], j: int, lo: int, end: int) -> bool:
    """A name opening a clause, then a verb of saying, then what happened to that person: "Gary
    reckons ibogaine rewired his brain" (not "Boots says the cream cures eczema": a seller's claim)."""
    return j == lo and j + 1 < end and (tokens[j + 1].low in SPEAKING or (
        # "Riya felt the ceremony brought her closer", not "Riya felt better after the cream"
        tokens[j + 1].low in FEELING and j + 2 < end and tokens[j + 2].low in DETERMINERS | POSSESSIVES | {"that", "it"})) \
        and _a_name(tokens[j]) and any(t.low in {"his", "her", "him", "he", "she", "hers", "himself", "herself"} for t in tokens[j + 2:end])


# Capitalised words that speak but are no one: sources, and what "says" things in a figure of speech
NOT_NAMES = SOURCES_NOT_PEOPLE | {"research", "science", "experience", "history", "medicine", "theory", "nature", "practice",
                                  "wisdom"}


def _a_name(token: _Token) -> bool:
    """A word written as a name ("Gary", "Priya"), not a source that speaks (NOT_NAMES: "Research
    shows", "History tells us")."""
    return token.text[:1].isupper() and token.text[1:2].islower() and token.low.isalpha() and token.low not in NOT_NAMES


def _reporter(tokens: list[_Token], j: int) -> bool:
    """People named by what they do ("swimmers", "attendees", "users", "survivors"), when a report
    verb follows them within six words ("Smokers in the focus group said"); one of them too ("One
    user posted that")."""
    if j > 0 and tokens[j - 1].low in {"one", "another", "each"} and j + 1 < len(tokens) \
            and tokens[j + 1].low in SPEAKING | {"shared", "tweeted", "commented"} \
            and len(tokens[j].low) > 3 and _named_by_role(tokens[j].low + "s"):
        return True  # one of them, saying so ("One user posted that"; not "A closer look found that")
    return _named_by_role(tokens[j].low) and any(t.low in REPORTS for t in tokens[j + 1:j + 7])


_ADJECTIVE_ENDINGS = ("al", "ant", "ent", "ive", "ous", "ary", "ic", "ble", "ful", "ed", "lived", "term")
MILD = {"small", "modest", "slight", "brief", "mild", "minor", "low", "weak", "short", "significant", "large", "big",
        "real", "clear", "slow", "steady", "rapid", "strong", "lasting", "long-lasting", "marked", "meaningful"}


# What the authors add after people's report, in their own voice: "Patients reported less craving,
# proving that ...", "..., so the therapy works"; "..., which shows that ..." is read at "which"
AUTHORS_ADD = {"proving", "showing", "confirming", "demonstrating", "establishing"}
AUTHORS_CONCLUDE = {"so", "thus", "therefore", "hence"}


def _authors_add(tokens: list[_Token], lo: int, i: int) -> bool:
    """Whether a clause of the authors' own starts at i, after a comma: "..., proving that ...",
    "..., thereby showing that ...", or, after what was said or reported in the clause from lo,
    "..., so the therapy works" (not "so that", "so far", "thus far")."""
    if i == 0 or tokens[i - 1].low != "," or i + 1 >= len(tokens):
        return False
    low, after = tokens[i].low, tokens[i + 1].low
    if low in {"thereby", "thus"} and after in AUTHORS_ADD:  # "thereby proving", "thus showing"
        low, after = after, tokens[i + 2].low if i + 2 < len(tokens) else ""
    if low in AUTHORS_ADD:
        return after == "that"
    return _concludes_at([t.low for t in tokens[i - 1:i + 3]], 1) and any(t.low in REPORTS | SPOKEN for t in tokens[lo:i])


def _concludes_at(lows: list[str], k: int) -> bool:
    """Whether the authors draw their own conclusion at word k: ", so ...", ", thus ...", ", so that
    means ..." (not "thus far", nor an aside: "is, therefore, entirely", "is, so that you know,";
    nor a purpose: ", so that they could ...")."""
    if not (lows[k] in AUTHORS_CONCLUDE and k > 0 and lows[k - 1] == "," and k + 1 < len(lows)):
        return False
    if lows[k + 1] == "that":
        return k + 2 < len(lows) and lows[k + 2] in CONCLUDING_VERBS
    return lows[k + 1] not in {"far", "much", "many", "as", ","}


CONCLUDING_VERBS = {"means", "shows", "proves", "confirms", "demonstrates", "implies", "establishes"}


def _adjectives_joined(tokens: list[_Token], i: int) -> bool:
    """ "but" between two adjectives joins them ("significant but temporary relief", "a small but
    real drop"): no new clause starts there."""
    if tokens[i].low != "but" or i == 0 or i + 2 >= len(tokens):
        return False
    def adjective(w: str) -> bool:
        return w in MILD or (w.isalpha() and len(w) > 4 and w.endswith(_ADJECTIVE_ENDINGS))
    before, after, then = tokens[i - 1].low, tokens[i + 1].low, tokens[i + 2].low
    return adjective(before) and adjective(after) and then.isalpha() \
        and then not in AUXILIARIES | DETERMINERS | {"that", "which", "who", "it", "they", "we", "this", "these", "not"} \
        and tokens[i - 2].low not in AUXILIARIES | {"not"}


# Adjectives of a consequence ("a common consequence of", "the inevitable result of")
# "a rare result of B19 infection": rare, but a result (after a copula only: "An unusual result of the blood test")
UNCOMMON = {"rare", "uncommon", "unusual", "occasional"}
CONSEQUENTIAL = {"common", "frequent", "direct", "distressing", "serious", "major", "likely", "natural", "known",
                 "well-known", "inevitable", "predictable", "recognised", "recognized", "typical", "usual",
                 "devastating"} | UNCOMMON
# What an analysis runs on, whose "better results" are its output ("The lasso model produced better results")
MODELS = {"model", "models", "method", "methods", "classifier", "algorithm", "assay", "approach", "estimator", "regression"}
# What finds things out, in "..., a council audit found"
STUDY_NOUNS = {"study", "trial", "pilot", "audit", "survey", "review", "team", "analysis", "evaluation", "report", "researchers",
               "scientists", "investigators", "authors"}
# ... those whose finding is theirs even where they name whom they studied ("Our ward audit of 40 mothers found";
# a survey's is what the people said)
STUDY_FINDERS = STUDY_NOUNS - {"survey"}
# After "according to": what a choice depends on ("differing according to the patient's symptoms"), not who said so
DEPENDING = {"symptoms", "profile", "profiles", "severity", "type", "types", "needs", "preference", "preferences",
             "weight", "age", "dose", "response", "stage", "guidelines", "protocol", "plan", "schedule", "need"}


def _according_to_no_one(tokens: list[_Token], k: int) -> bool:
    """Whether "according to" at k cites no one's report: a source ("this review", "the audit's
    headline figure", "research"; not "the pilot's participants", though "the charts we audited"),
    a paper ("Sano et al."), or what something depends on ("according to symptom severity")."""
    named = tokens[k + 2:k + 7]
    if {t.low for t in named} & DEPENDING or [t.low for t in tokens[k + 3:k + 5]] == ["et", "al"]:
        return True
    words = {w for t in named for w in (t.low, t.low.removesuffix("'s").removesuffix("’s"))}
    # a record someone kept is their report ("according to her own daily log", "a log kept by the
    # parents", "a log filled in by each participant"; not "her psychiatrist's chart audit")
    kept_by = next((m for m in range(k + 2, min(k + 9, len(tokens) - 1)) if tokens[m].low == "by"
                    and tokens[m - 1].low in {"kept", "in", "written", "recorded", "completed", "maintained"}), None)
    if words & POSSESSIVES - {"our"} and "own" in words or kept_by is not None and any(
            _people_word(t.low) or _people_word(t.low + "s") for t in tokens[kept_by + 1:kept_by + 4]):  # "each participant"
        return False
    return bool(words & (SOURCES_NOT_PEOPLE | CITED)) \
        and not any(_people_word(t.low) and t.low not in {"we", "i", "they", "you", "many", "some", "most"} for t in named)


def _this_opens_verb(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """Whether the word at i after a clause-opening "this" is its verb ("This causes a blockage":
    "this" takes no plural noun), not a limitation of a study ("This limits the generalisability of
    our findings", "This helps explain why ...")."""
    word = tokens[i].low
    return i - 1 == lo and word.endswith("s") and not word.endswith(("ss", "us", "is")) \
        and not (i + 1 <= hi and tokens[i + 1].low in {"explain", "how", "why", "whether", "what"}) \
        and not {t.low for t in tokens[i + 1:i + 4]} & RESEARCH_LIMITS


def _graded(tokens: list[_Token], j: int, lo: int) -> bool:
    """Whether the evidence at j is graded moderate or high ("moderate quality evidence", "high-quality
    evidence", "moderate evidence"), a finding; not low, poor or "low to moderate"."""
    before = [t.low for t in tokens[max(lo, j - 4):j]]
    return bool(set(before[-3:]) & {"moderate", "high", "high-quality", "moderate-quality"}) \
        and not set(before) & {"low", "poor", "low-quality", "weak", "limited", "to"}


def _negating(word: str) -> bool:
    """A negation: a word of NEGATIONS or any contraction in -n't ("hasn't", "mightn't")."""
    return word in NEGATIONS or word.endswith("n't")


# After "not" (or "didn't"), words that make it more, not less: "not only", "didn't just soothe the rash"
NOT_ONLY = {"only", "just", "merely", "simply"}
# ... but not after a modal: "You can't just cure diabetes with cinnamon" still denies it
MODAL_NEGATIONS = {"can't", "cannot", "won't", "wouldn't", "couldn't", "shouldn't", "mustn't", "mightn't"}


def _not_only(lows: Sequence[str], k: int) -> bool:
    """Whether the negation at k says more, not less ("not only", "didn't just soothe the rash, it
    cured it"), not a modal's denial ("can't just cure", "will not simply reverse")."""
    w = lows[k]
    return (w == "not" or w.endswith("n't")) and lows[k + 1:k + 2] and lows[k + 1] in NOT_ONLY \
        and w not in MODAL_NEGATIONS and not (w == "not" and k and lows[k - 1] in {"can", "will", "would", "could", "should", "must"})


def _not_the_subjects(lows: Sequence[str], k: int) -> bool:
    """A "not" at k that says which the subject is, the verb of effect still to come ("Instability
    not evident on radiography can result in chronic pain", "Fractures not treated early will
    lead to stiffness"): after the subject's noun and before a participle or adjective; not one that
    governs what follows ("Experts not persuaded that fasting reverses diabetes", "Trials not powered
    to show the drug cuts deaths")."""
    return lows[k] == "not" and 0 < k < len(lows) - 2 and lows[k - 1].isalpha() \
        and lows[k - 1] not in AUXILIARIES | MODALS | COPULAS | DETERMINERS | PREPOSITIONS | {"do", "does", "did", "has", "have", "had", "be", "been", "being", "to", "that", "which", "who"} \
        and not _adverb(lows[k - 1]) and not lows[k - 1].endswith("ed") \
        and lows[k + 1].endswith(("ed", "en", "ent", "ible", "able")) and not any(_negating(w) for w in lows[k + 2:]) \
        and not set(lows[k + 2:k + 4]) & {"to", "that"} and lows[k + 1] != "able"


def _people_say(tokens: list[_Token], lo: int, j: int, end: int) -> bool:
    """Whether the SPOKEN word at j is people saying what they think: its subject the people
    themselves ("Participants and carers cited", "Most of the parents also indicated"), not what
    was found in them ("Data from 40 patients indicated"); a verb, not a participle describing them
    ("patients indicated for surgery", "veterans cited in the report"); and nothing after it up to
    the clause's end (`end`) that the authors could be adding in their own voice (", and ketamine
    cured ...", ", proving that ...", "because ..."), which the report would otherwise cover."""
    k = _back_past_adverbs(tokens, j, lo)
    if not (_people_word(tokens[k].low) or tokens[k].low in {"staff", "professionals"}) or any(
            t.low in NOT_SPEAKERS for t in tokens[lo:k]):
        return False
    after = [t.low for t in tokens[j + 1:end]]
    # what they said: "indicated that ...", or past an aside ("indicated in interviews that", "indicated,
    # in their own words, that"), not a "that" of the authors' after it ("less craving, proving that")
    said = after.index("that") if "that" in after[:8] else None
    if said and not (after[0] in {",", "in", "during", "at", "on", "through", "when"}
                     and not any(w.endswith("ing") for w in after[:said])):
        said = None
    if not after or after[0] in {"for", "in", "as", "by", "to", "with", "on", "at"} and said is None:
        return False  # "patients indicated for surgery": a participle, not their words
    if tokens[j].low.startswith(("indicat", "reflect")) and said is None:
        return False  # "indicated less craving": a finding in their scores, not their words
    rest = after[said or 0:]
    if set(rest) & {",", "because", "so", "which", "thus", "therefore", "hence"} \
            or any({a, b} in BECAUSE for a, b in zip(rest, rest[1:])):  # "due to", "thanks to", "as a result of"
        return False
    # "... and the drug lowered their blood pressure": a clause of the authors' own joined on
    return not any(w == "and" and any(_verb_of_effect(v) and (v.endswith("ed") or v in IRREGULAR_PAST)
                                      for v in after[m + 2:m + 4]) for m, w in enumerate(after))


NOT_SPEAKERS = {"data", "results", "findings", "analysis", "analyses", "scores", "study", "studies", "survey",
                "surveys", "outcomes", "measures", "ratings", "records", "samples", "tests", "scans",
                # people named after a preposition or a relative are not the subject
                "from", "in", "among", "with", "for", "on", "by", "at", "across", "after", "during", "within",
                "between", "than", "that", "which", "who", "whom", "when", "where"}


def _clauses(tokens: list[_Token], bracketed: set[int] = frozenset()) -> list[_Clause]:
    """Each token's clause (bounded by ; : and by but, while, whereas, although, but not inside
    brackets), worked out in one pass: every rule then asks its clause in constant time."""
    owner: list[_Clause] = []
    lo = 0
    scope_carried = report_carried = False
    carried = False  # "Participants' views: first, ...; second, ...": the report reaches past the colon
    for i in range(len(tokens) + 1):
        if i == len(tokens) or (i > lo and i not in bracketed and (
                tokens[i].low in _CLAUSE_BREAKS and not _adjectives_joined(tokens, i)
                or (tokens[i].low == "which" and tokens[i - 1].low == ",") or _authors_add(tokens, lo, i))):
            lows = [t.low for t in tokens[lo:i]]
            words = set(lows)
            # people's own report: a report verb or noun with people before it in the clause
            first_people = next((j for j in range(lo, i) if (_person(tokens[j].low) and not (
                j + 1 < i and tokens[j + 1].low in {"studies", "trials", "reviews", "analyses", "papers", "reports",
                                                    "meta-analyses", "authors", "data", "findings"}))
                or _reporter(tokens, j) or _named_speaker(tokens, j, lo, i)), None)
            reported = lo if carried or report_carried else 1 << 30
            if first_people is not None:  # not "made the couples feel": that is the claim itself
                reported = min(reported, next((j for j in range(first_people + 1, i) if (tokens[j].low in REPORTS
                                               or tokens[j].low in SPOKEN and _people_say(tokens, lo, j, i))
                                               and not any(t.low in MAKES for t in tokens[max(lo, j - 3):j])
                                               # "according to" is read below, whoever it names; "the paste
                                               # my gran swore by": her trust in it, not a report of what it did
                                               and tokens[j].low != "according"
                                               and not (tokens[j].low in {"swear", "swears", "swore"} and j + 1 < i
                                                        and tokens[j + 1].low == "by" and (j + 2 >= i or tokens[j + 2].low in {
                                                            ",", "though", "although", "but", "and", "finally", "really", "left"}
                                                            or tokens[j + 2].low in EFFECT_VERBS | IRREGULAR_PAST))
                                               and tokens[j - 1].low not in {"a", "an", "the", "this", "their", "our"}
                                               # "we found": the authors' finding, not people's report
                                               and not (tokens[first_people].low == "we" and tokens[j].low in FINDINGS | {
                                                   "report", "reported", "describe", "described"})
                                               # "were found to affect": a finding in the passive
                                               and not (tokens[j].low in FINDINGS and tokens[j - 1].low in AUXILIARIES
                                                        and j + 1 < i and tokens[j + 1].low == "to")
                                               # "..., a Winnipeg pilot found": a study's finding, also where it names
                                               # whom it studied ("Our ward audit of 40 mothers found that ...")
                                               and not (tokens[j].low in FINDINGS and (tokens[j - 1].low in STUDY_NOUNS or any(
                                                   tokens[m].low in STUDY_FINDERS and tokens[m + 1].low in {"of", "with", "among", "in"}
                                                   for m in range(max(lo, first_people - 6), first_people))))
                                               # "Study 1 examined adults ... and found": the people were studied
                                               # by the study that found it
                                               and not (tokens[j].low in FINDINGS and _studied_people(tokens, lo, first_people))),
                                              1 << 30))
                if any(tokens[j].low in REPORT_NOUNS for j in range(first_people + 1, min(i, first_people + 6))):
                    reported = min(reported, first_people)
            according = next((j for j in range(lo, i) if tokens[j].low == "according"), None)
            if according is not None and not _according_to_no_one(tokens, according):
                reported = min(reported, lo)  # "according to users", not "according to this review"
            if any((tokens[j].low in {"reported", "described"} and tokens[j - 1].low in {"been", "was", "were", "is", "are"}
                    or tokens[j].low == "noted" and tokens[j - 1].low == "been")
                   # not "comparable to what has been reported in trials": a comparison with others' figures
                   and not any(t.low in {"what", "than", "those"} for t in tokens[max(lo, j - 4):j])
                   for j in range(lo + 1, i)):
                reported = min(reported, lo)  # "robust effects ... have been reported": others' report, cited
            if i > lo and tokens[lo].low in {"reported", "self-reported", "perceived", "attributions", "beliefs",
                                             "expectations", "perceptions"} | REPORT_NOUNS:
                reported = min(reported, lo)
            scoped = next((j for j in range(lo, i) if (tokens[j].low in SCOPING_HEDGES and not _idle_hedge(tokens, j) and not (
                # "What the researchers found is that ...", "What turned things around was ...": a
                # finding announced, not an open question ("what promotes acceptability" is one)
                tokens[j].low == "what" and _announces(tokens, j, lo)
                # ... but "What caused the outbreak remains unknown" is one
                and not {t.low for t in tokens[j + 1:i]} & OPEN_ANSWERS)) or (
                tokens[j].low == "support" and j > lo and tokens[j - 1].low in WEAK_EVIDENCE) or (
                tokens[j].low in {"defined", "define", "defines"} and j + 1 < i and tokens[j + 1].low == "as") or (
                tokens[j].low == "extent" and j + 2 < i and tokens[j + 1].low == "to" and tokens[j + 2].low == "which") or (
                tokens[j].low == "possible" and j > lo and tokens[j - 1].low in {"is", "was", "it's"}
                and j + 1 < i and tokens[j + 1].low == "that") or (
                tokens[j].low in {"no", "not", "nobody", "never", "little", "insufficient", "nothing"}
                and {t.low for t in _words_until_mark(tokens, j + 1, j + (5 if tokens[j + 1:j + 2] and tokens[j + 1].low in {
                    "enough", "sufficient", "much", "any", "strong", "good"} else 7 if _no_source_then_shows(tokens, j, i) else 3))}
                & {"evidence", "shown", "proof", "proven", "data", "clear", "shows",
                                                            "proves", "showed", "proved"}) or (
                # "There is a very high likelihood that cutting salt will prevent ...": a probability
                tokens[j].low in {"likelihood", "probability", "chance"} and j + 1 < i and tokens[j + 1].low == "that") or (
                # "It is believed that ...", "We suspected that ...": a belief, not a finding
                tokens[j].low in {"believed", "thought", "assumed", "presumed", "suspected", "suspect", "suspects", "speculated"}
                and j + 1 < i and tokens[j + 1].low == "that"
                and (tokens[j].low in {"suspected", "suspect", "suspects", "speculated"} or j > lo and tokens[j - 1].low in {"is", "was"})) or (
                # "has shown the potential to enable": a possibility
                tokens[j].low == "potential" and j + 1 < i and tokens[j + 1].low in {"to", "for"} and j > lo
                and tokens[j - 1].low == "the") or (
                # "An increasing body of evidence ... supports": evidence growing, not a finding
                tokens[j].low == "evidence" and j >= lo + 3 and tokens[j - 1].low == "of" and tokens[j - 2].low == "body"
                and tokens[j - 3].low in WEAK_EVIDENCE) or (
                # "There is also evidence that X plays a role": evidence said to exist, not a finding
                tokens[j].low in {"evidence", "evidences"} and j + 1 < i and tokens[j + 1].low in {"that", "for", "of"}
                and any(tokens[m].low == "there" for m in range(max(lo, j - 6), j))
                # (strong evidence is a finding, but not "no very convincing evidence")
                and (not ({t.low for t in tokens[max(lo, j - 3):j]} & {"strong", "clear", "robust", "conclusive", "convincing",
                                                                       "good", "compelling", "firm", "solid"} or _graded(tokens, j, lo))
                     or {t.low for t in tokens[max(lo, j - 4):j]} & {"no", "not", "little", "hardly", "scant", "only"}))), -1)
            marks = [k for k, w in enumerate(lows) if w in ASSOCIATION and not (k + 1 < len(lows) and lows[k + 1] in ANALYSES | LINK_ROLES)
                     and not (w == "related" and not (k > 0 and lows[k - 1] in AUXILIARIES | ADVERBS | {"not"}))
                     and not (w == "associated" and k + 1 < len(lows) and lows[k + 1] not in {"with", "to", "in", "among", ",", "and", "."}
                              and not (k > 0 and lows[k - 1] in AUXILIARIES | ADVERBS | {"not"}))
                     and not _subject_modifier(lows, k)]
            marks += [k for k, (a, b) in enumerate(zip(lows, lows[1:])) if (a, b) in ASSOCIATION_PAIRS]
            if not words & MAKES:
                marks += [k for k, (a, b) in enumerate(zip(lows, lows[1:])) if {a, b} in ASSOCIATION_PHRASES]
            associational = lo + min(marks) if marks else 1 << 30
            if scope_carried:
                scoped = lo
            clause = _Clause(lo, i - 1, associational, reported, "?" in words, scoped)
            carried = carried or (reported <= lo + 6 and i < len(tokens) and tokens[i].low == ":")
            # "This study suggests that X, which induced Y, could...": the hedge reaches into the
            # relative clause; a recommendation ("should switch to Y, which works") does not
            scope_carried = i < len(tokens) and tokens[i].low == "which" and 0 <= scoped \
                and tokens[scoped].low not in {"should", "must", "ought"}
            report_carried = i < len(tokens) and tokens[i].low == "which" and reported < i \
                and not (i + 1 < len(tokens) and tokens[i + 1].low in ASSERTING)
            owner.extend([clause] * (i - lo))
            lo = i
    return owner


ASSERTING = {"confirm", "confirmed", "confirms", "demonstrated", "demonstrates", "showed", "shows", "shown", "proved", "proves",
             "demonstrate", "show", "establish", "reflecting", "reflects", "affirms", "affirmed", "affirm",
             "demonstrating", "showing", "confirming", "proving",
             "proven", "established", "establishes", "high", "strong", "clear", "robust", "good", "excellent",
             "remarkable", "great", "superior", "comparable", "similar", "rapid", "greater"}


# A link right after a noun, which may only say which thing the noun is ("the heel pain associated
# with Haglund syndrome", "can reduce behaviours linked to eating disorders"): _subject_modifier
# and _link_in_object
NOUN_LINKS = {("associated", "with"), ("associated", "to"), ("linked", "to"), ("linked", "with"), ("tied", "to"),
              ("connected", "to")}


def _subject_modifier(lows: list[str], k: int) -> bool:
    """"associated with" or "linked to" at k says which thing the subject is, not what it goes with,
    where it follows the subject's noun and the clause's own verb comes after ("The heel pain
    associated with Haglund syndrome is the result of friction": the claim is the verb's)."""
    if not (0 < k < len(lows) - 1 and (lows[k], lows[k + 1]) in NOUN_LINKS
            and lows[k - 1].isalpha() and lows[k - 1] not in AUXILIARIES | DETERMINERS | {"not", "and", "or", "often", "strongly"}
            and not _adverb(lows[k - 1])
            # "The protective effect associated with breastfeeding was weaker": the effect is the association's
            and lows[k - 1] not in EFFECT_NOUNS | CHANGE_NOUNS):
        return False
    # the clause's own verb: not one inside a relative clause ("Walking associated with less
    # depression in a survey that was done online")
    copula = next((c for c in range(k + 2, len(lows)) if lows[c] in COPULAS), None)
    return copula is not None and not any(w in {"that", "which", "who", "whom", "where"} for w in lows[k + 2:copula])


def _efficacy_asserted(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """"is effective", "an effective treatment", "confirmed the efficacy": asserted. "research on
    the efficacy", "the effectiveness of X is summarized", "Effective programmes are central": named."""
    before = [t.low for t in tokens[max(lo, i - 4):i]]
    if {t.low for t in tokens[max(lo, i - 8):i]} & PRAISED:
        return False  # "has been advocated as a relatively safe and effective treatment": others' praise, cited
    if tokens[i].low in EFFICACIOUS:
        if tokens[i].low == "successful":
            # a treatment must be what succeeded ("Grommet surgery is highly successful"), not a method
            # ("Randomisation was successful") nor an operation done as planned ("technically successful")
            verb = _back_past_adverbs(tokens, i, lo, AUXILIARIES | MODALS) + 1  # "is", "can be": after the subject
            head = lo + 1 if tokens[lo].low in {":", ";"} else lo  # past a heading ("Results: ...")
            if tokens[i - 1].low == "technically" or not (_treatment_subject(tokens, verb, lo) or any(
                    _treats(tokens[m].low) and (m + 1 == verb or tokens[m + 1].low in {"of", "with", "for"})
                    for m in range(head, min(head + 2, verb)))):  # "Surgical treatment of unresolved OSD was": the head of the subject
                return False
        if before[-2:] == ["only", "be"]:
            return False  # "medication can only be successful with proper education": a condition, not a finding
        j = i - 1
        while j >= lo and (_adverb(tokens[j].low) or tokens[j].low in {
                "very", "as", "more", "most", "an", "a", "the", "again", "still", "equally", "similarly", "less", "all", "both"}
                          or _as_many_times(tokens, j)):  # "was one-half as effective as", "twice as effective"
            j -= 1
        if set(before) & RESEARCH_QUESTIONS or (j >= lo and tokens[j].low in RESEARCH_QUESTIONS) \
                or {t.low for t in tokens[max(lo, i - 10):i]} & (RESEARCH_QUESTIONS - {"which", "regarding"}) \
                or any(tokens[k].low == "which" and tokens[k - 1].low in {"to", "about", "over", "on"} for k in range(max(lo + 1, i - 10), i)):
            return False  # "identifying the most effective types of exercise", "debate as to which method is most effective"
        if j >= lo and tokens[j].low in {"provides", "provide", "provided", "offers", "offered", "gives", "gave"} \
                and not {t.low for t in tokens[max(lo, j - 5):j]} & NECESSITY:
            return True  # "FNB provides effective postoperative analgesia", not "it is essential that we provide effective care"
        if j >= lo and tokens[j].low in AUXILIARIES | {"proved", "proven", "remains", "remained", "be", "seem"}:
            return True
        if {t.low for t in tokens[max(lo, i - 7):i]} & AUXILIARIES and (before[-1] in {"and", "both", "safe"} or before[-2:] == ["safe", ","]
                                                                       or before[-2:] == ["and", "more"]
                                                                       or j >= lo and tokens[j].low == "and"):
            return True  # "is both safe and effective", "are well tolerated and moderately effective"
        if any(t.low in {"proven", "proved", "shown"} for t in tokens[max(lo, i - 6):i]):
            return True  # "is proven as one of the effective ways of improving"
        if before[-1:] == ["only"] and i + 2 <= hi and tokens[i + 1].low in TREATMENT_SUBJECTS | {"option", "remedy"} \
                and tokens[i + 2].low in {"is", "was", "remains", "remained"}:
            return True  # "The only effective treatment is a strict gluten-free diet"
        return bool(before) and before[-1] in {"an", "a", "most", "highly", "very"} \
            and any(t.low in TREATMENT_SUBJECTS | {"option", "tool", "alternative", "method", "strategy"} for t in tokens[i + 1:i + 5])
    after = {t.low for t in tokens[i + 1:min(i + 10, hi + 1)]}
    # "The effectiveness of X (ESK-NS) for Y (TRD) has been confirmed": the verb after a long subject
    verb = next((k for k in range(i + 1, min(i + 18, hi + 1)) if tokens[k].low in {"is", "was", "has", "have", "were", "are"}), None)
    if verb is not None:
        after |= {t.low for t in tokens[verb + 1:min(verb + 4, hi + 1)]}
    return bool(set(before) & ASSERTING) or bool(after & {"observed", "demonstrated", "confirmed", "established"}) \
        or (verb is not None and verb + 1 <= hi and tokens[verb + 1].low in {"better", "superior", "greater", "higher", "comparable"})


def _no_source_then_shows(tokens: list[_Token], j: int, i: int) -> bool:
    """"Nothing in the dermatology literature shows that ...", "No study in the literature shows
    that ...": none of a source, named at some length, shows the claim at i."""
    return any(tokens[k].low in {"in", "from", "of"} for k in range(j + 1, min(j + 3, i))) \
        and any(tokens[k].low in {"shows", "showed", "shown", "proves", "proved", "proven", "demonstrates", "demonstrated"}
                and tokens[k + 1].low == "that" for k in range(j + 2, min(j + 8, i - 1)))


# What an "if" set aside between commas doubts, not just sets as a condition ("The cream, if it works
# at all, can ...", "Early surgery, if confirmed by larger trials, improves ...")
DOUBTED_IF = {"whether", "so", "any", "ever", "confirmed", "effective", "works", "work", "true", "real", "correct", "valid",
              "replicated", "all", "proven", "genuine", "anything"}


# Who holds a belief before "think" or "suspect": the actors who report (people words are read by _person too)
BELIEVERS = ACTORS | {"experts", "scientists", "couple", "family"}


def _idle_hedge(tokens: list[_Token], j: int) -> bool:
    """A hedge's word used otherwise: "the matching of needs", "rigid thought patterns"."""
    w = tokens[j].low
    if w in {"appear", "appears", "appeared"} and j + 1 < len(tokens) and tokens[j + 1].low in {
            "on", "in", "at", "after", "around", "within", "during", "near", "over", "across", "between", "under"}:
        return True  # "warts that appear on the feet due to the virus": showing up, not seeming
    if w in {"think", "thinks", "suspect", "suspects"}:
        # a belief held by whoever says it ("We think the rash is caused by", "Researchers suspect MDMA
        # softens"), not thinking as something done ("helps you think better", "rewired how I think about")
        return not (j > 0 and (tokens[j - 1].low in BELIEVERS or _person(tokens[j - 1].low) or _a_name(tokens[j - 1]))
                    and j + 1 < len(tokens) and not _adverb(tokens[j + 1].low)
                    and tokens[j + 1].low not in {"about", "of", "through", "again", "differently", "twice", "better",
                                                  "before", "positively", "negatively", "straight", "clearly"})
    if w == "if" and [t.low for t in tokens[j + 1:j + 3]] in (["left", "untreated"], ["untreated", ","], ["not", "treated"]) \
            and {t.low for t in tokens[j + 3:]} & UNTREATED_HARMS:
        return True  # "If left untreated, it can lead to organ damage": what the illness does, not a doubt (but "If
        # untreated, the fracture can heal in a poor position" is no claim at all)
    if w == "possibility" and j > 1 and tokens[j - 1].low == "the" and tokens[j - 2].low in RAISES \
            and j + 2 < len(tokens) and tokens[j + 1].low == "of" \
            and tokens[j + 2].low not in DETERMINERS | {"a", "an", "this", "reverse", "confounding", "bias", "chance", "error",
                                                        "detecting", "finding", "missing"}:
        return True  # "increases the possibility of tightness": a risk raised, not a doubt (but "raise the
        # possibility that the drug protects" is one, as is "increase the possibility of confounding")
    if w == "regarding" and (j == 0 or tokens[j - 1].low in {":", ";"}) \
            and any(t.low == "," for t in tokens[j + 1:j + 16]):
        return True  # "Regarding the combined effects of X, breastfeeding suppressed Y": a topic named, no doubt
    if w in {"need", "needs", "needed"}:
        return tokens[j + 1].low not in {"to", "for", "more", "further", "larger", "longer", "confirmation"} \
            if j + 1 < len(tokens) else False
    if w in {"thought", "believed"}:
        return not (j > 0 and tokens[j - 1].low in AUXILIARIES | {"widely", "generally", "commonly", "often", "it's", "it’s"}
                    # "articulation problems thought due to ankyloglossia": a belief, said of the problems
                    or j + 1 < len(tokens) and tokens[j + 1].low in {"due", "to", "secondary", "caused", "attributable"})
    if w in {"aim", "aims", "objective", "objectives"} and j > 1 and tokens[j - 1].low == "and" \
            and tokens[j - 2].low in {"background", "introduction", "rationale"}:
        return True  # "Background and aim Oral iron therapy is effective ...": a heading run into the text
    if w == "designed" and 0 < j and j + 1 < len(tokens) and tokens[j + 1].low == "for" \
            and tokens[j - 1].low not in AUXILIARIES | {"we", "study", "trial", "this", "was", "is", "were", "are"}:
        return True  # "CBT designed for body dysmorphic disorder loosened ...": which CBT, not an aim
    if w == "aimed" and j > 0 and j + 2 < len(tokens) and tokens[j + 1].low == "at" and tokens[j + 2].low.endswith("ing") \
            and tokens[j - 1].low.endswith("s") and tokens[j - 1].low not in {"was", "is", "has", "this", "its", "analysis"} \
            and any(t.low in {"were", "are"} for t in tokens[j + 3:j + 10]):
        return True  # "school-based programs aimed at decreasing anxiety were effective": which programs
    if w in {"hope", "hopes"} and j > 0 and tokens[j - 1].low in DETERMINERS | GIVES | {
            "new", "real", "legitimate", "renewed", "fresh", "false", "great", "much", "offer", "offers", "offered",
            "bring", "brings", "brought", "gave", "gives", "given"}:
        return True  # "has brought legitimate hope": hope given, a noun, not a hope held
    if w in {"considered", "regarded"}:  # "is considered to be an effective treatment": an opinion held
        return not (j > 0 and tokens[j - 1].low in AUXILIARIES | {"widely", "generally", "commonly", "often", "usually"}
                    and j + 1 < len(tokens) and (tokens[j + 1].low in {"to", "as", "an", "a", "effective", "safe", "beneficial"}
                                                 # "considered by most to be": an opinion held, its holders named
                                                 or tokens[j + 1].low == "by" and any(
                                                     tokens[m].low == "to" and tokens[m + 1:m + 2] and tokens[m + 1].low == "be"
                                                     for m in range(j + 2, min(j + 6, len(tokens))))))
    if w in {"tested", "examined", "assessed", "evaluated", "investigated", "explored"} and 0 < j and j + 1 < len(tokens) \
            and tokens[j - 1].low in {"the", "all", "both", "each", "every", "several", "these", "those", "our", "their"} \
            and tokens[j + 1].low.isalpha() and tokens[j + 1].low not in PREPOSITIONS | AUXILIARIES | DETERMINERS | {
                "whether", "if", "how", "that", "this", "these", "those"}:
        return True  # "All tested varnishes were significantly effective": which varnishes, not an open test
    if w in {"tested", "examined", "assessed", "evaluated", "investigated", "explored", "studied"} and 1 < j \
            and j + 1 < len(tokens) and tokens[j + 1].low == "," and tokens[j - 1].low.isalpha() \
            and tokens[j - 1].low not in AUXILIARIES | PRONOUNS_BEFORE_VERB | PROPOSITIONS:
        # "In all regions examined, MDMA produced a depletion", "Among the children assessed, ...": the
        # participle closes an opening phrase that says where or whom, not what was still to be tested
        start = max((k for k in range(j) if tokens[k].low in {",", ":", ";"}), default=-1) + 1
        if start < j - 1 and tokens[start].low in OPENING_PLACES \
                and not any(t.low in AUXILIARIES | PRONOUNS_BEFORE_VERB | {"that", "which", "whether", "if"} for t in tokens[start:j]):
            return True
    if w in {"postulate", "postulated", "postulates"}:  # "affects postulated brain circuitry": an adjective
        return not ((j + 1 < len(tokens) and tokens[j + 1].low == "that")
                    or (j > 0 and tokens[j - 1].low in AUXILIARIES | {"we", "they", "authors", "researchers", "i"}))
    if w in {"hypothesised", "hypothesized", "predicted", "expected", "anticipated", "hoped"} and j > 0 \
            and tokens[j - 1].low == "as":
        return True  # "As hypothesized, we found ...": a hypothesis confirmed, not a hedge
    if w == "potential" and j + 1 < len(tokens) and tokens[j + 1].low in {
            "confounders", "confounding", "confounder", "bias", "biases", "covariates", "mediators", "moderators"}:
        return True  # "after controlling for potential confounders": the method, not a hedge
    if w in {"test", "tests", "plan", "plans", "supports"} and j + 1 < len(tokens):
        # "The gene test steered my psychiatrist ...", "The plan got Dana back": a noun, its verb next
        after = tokens[j + 1].low
        before = [t.low for t in tokens[max(0, j - 3):j]]
        named = w != "supports" and any(w in {"the", "a", "an", "this", "that", "my", "your", "our", "their", "his", "her"}
                                        for w in before) \
            and not set(before) & {"to", "will", "would", "we", "they", "i"}  # "the graded return-to-work plan"
        return after not in {"to", "whether", "if", "of", "for"} and (
            named or after.endswith("ed") or after in IRREGULAR_PAST) \
            and not (j > 0 and tokens[j - 1].low in {"to", "we", "will", "would", "they", "i"})
    if w == "how" and j > 0 and tokens[j - 1].low in {"hear", "hears", "heard", "tells", "told", "tell", "recounts",
                                                       "recounted", "learn", "learned", "learnt", "see", "saw"}:
        return True  # "we hear how the lozenges pulled a teacher out of depression": a story told
    if w in {"confirm", "confirms"} and j > 0 and (tokens[j - 1].low in {"results", "findings", "data", "we", "and", "studies",
                                                                         "trials", "analyses"}):
        return True  # "These results confirm that DBS is an effective therapy": a finding, not a question
    if w in {"tested", "studied", "examined", "evaluated", "assessed", "investigated", "proposed"} and j > 0 \
            and tokens[j - 1].low in {"the", "a", "an", "this", "these", "our", "each"}:
        return True  # "The tested cerumen removal product was effective": which product, not an aim
    if w in {"how", "why"} and j > 1 and tokens[j - 1].low in {"of", "behind", "to"} and tokens[j - 2].low in {"secret", "secrets"}:
        return True  # "unlocked the secret of how ayahuasca heals the mind": the healing taken as fact
    if w == "regarding" and (j == 0 or tokens[j - 1].low in {":", ",", ";"}):
        # "Regarding secondary outcomes, exercise can decrease ...": the topic named, not a question
        rest = [t.low for t in tokens[j + 1:j + 8]]
        return "," in rest and not set(rest[:rest.index(",")]) & {"whether", "how", "what", "which", "if", "why"}
    if w == "if" and j > 0 and tokens[j - 1].low == "," \
            and any(t.low == "," for t in tokens[j + 2:j + 6]) and not any(t.low in DOUBTED_IF
                                                                      for t in tokens[j + 1:j + 6]):
        return True  # "a frenotomy, if adequately performed, can improve ...": a condition set aside, not a doubt
    if w in {"presumed", "apparently"} and j > 0 and tokens[j - 1].low in PREPOSITIONS | DETERMINERS | {",", "and"}:
        return True  # "In apparently healthy adults", "children with presumed viral wheeze": who, not a doubt
    if w == "seemingly" and j + 1 < len(tokens) and not tokens[j + 1].low.endswith(("s", "ed")) \
            and tokens[j + 1].low not in IRREGULAR_PAST:
        return True  # "seemingly minor wounds healed faster": it describes the wounds, it doubts nothing
    if w in {"points", "pointed", "point"}:  # "points to" hedges; "cut ten points off" does not
        return not (j + 1 < len(tokens) and tokens[j + 1].low in {"to", "towards", "toward"})
    if w in {"remain", "remains"}:  # "remains unclear" is open; "remains underutilized" is not
        return not {t.low for t in tokens[j + 1:j + 4]} & {"unclear", "unknown", "uncertain", "to", "questionable",
                                                           "debated", "unexplored", "controversial", "elusive", "open",
                                                           "unanswered", "limited", "unresolved", "poorly", "largely"}
    return False


POSSESSIVES = {"my", "our", "his", "her", "their", "your"}
# Words that end an object and cannot be the verb a causative gives it ("made his way home")
NOT_CAUSED = {"way", "sure", "aware", "available", "possible", "time", "decision", "decisions", "progress",
              "point", "case", "sense", "room", "contact", "effort", "efforts", "choice", "choices"}


def _causee_acts(tokens: list[_Token], i: int, hi: int, got: bool = False) -> bool:
    """After "made" or "let": a person (or their body, their mood) and then a bare verb: "made our
    son use words", "let the couple discuss the assault", "made families buy eggs", "made my bone
    density climb back". The person is a pronoun, a name, a people word, or a noun after a
    possessive. After "got": "to" and a verb, or a verb's -ing ("got Josh to finish homework",
    "got my neck turning again")."""
    k = i + 1
    if k > hi:
        return False
    if tokens[k].low in OBJECT_PRONOUNS:
        candidates = [k + 1]
    elif tokens[k].low in POSSESSIVES or tokens[k].low.endswith("'s"):
        # "our son use", "my bone density climb", "Carol's legs quieten": one to three nouns owned
        candidates = [m for m in range(k + 2, min(k + 4, hi + 1))
                      if all(t.low.replace("-", "").isalpha() and t.low not in PREPOSITIONS | AUXILIARIES | DETERMINERS | NOT_CAUSED
                             for t in tokens[k + 1:m])]
    else:
        m = k + 1 if tokens[k].low in {"the", "these", "those", "both", "all"} else k
        if m + 1 <= hi and tokens[m].low.endswith("ed") and (_people_word(tokens[m + 1].low) or tokens[m + 1].low in CREATURES):
            m += 1  # "made stressed zebrafish explore"
        if m > hi or not (_people_word(tokens[m].low) or tokens[m].low in CREATURES
                          or (tokens[m].text[0].isupper() and tokens[m].low.isalpha() and m > 0)):
            return False
        if not _people_word(tokens[m].low):
            while m + 1 <= hi and tokens[m + 1].text[0].isupper() and tokens[m + 1].low.isalpha():
                m += 1  # "Corporal Hughes"
        candidates = [m + 1]
    for v in candidates:
        if v <= hi and (_adverb(tokens[v].low) and tokens[v].low.endswith("ly") or tokens[v].low in {
                "finally", "actually", "now", "really", "properly", "suddenly", "soon", "once", "again"}):
            v += 1  # "made Gareth actually listen"
        if v > hi:
            continue
        verb = tokens[v].low
        if got:
            if verb == "through" and v + 1 <= hi and tokens[v + 1].low in DETERMINERS | POSSESSIVES | {"a", "the", "her", "his", "my"}:
                return True  # "got me through the worst nights"
            if verb == "to" and v + 1 <= hi and tokens[v + 1].low.isalpha() and tokens[v + 1].low not in DETERMINERS \
                    and not tokens[v + 1].low.endswith(("ed", "ing")) and not tokens[v + 1].text[0].isupper() \
                    or verb.endswith("ing") and verb.isalpha() and verb not in {"nothing", "something", "anything", "during",
                                                                                  "everything", "morning", "evening"}:
                return True
            continue
        if verb.isalpha() and not tokens[v].text[0].isupper() and len(verb) > 2 \
                and not verb.endswith(("ed", "ly", "ing")) and not (verb.endswith("s") and not verb.endswith("ss")) \
                and not (v + 1 <= hi and tokens[v + 1].low == "of") \
                and verb not in PREPOSITIONS | AUXILIARIES | DETERMINERS | COMPARATIVES | MAKE_RESULTS | NOT_CAUSED | {
                    "and", "or", "but", "nor", "than", "too", "very", "so", "who", "that", "which", "what", "more", "less",
                    "one", "own", "last", "first", "next", "same", "other", "any", "all", "each", "every", "many", "much"}:
            return True
    return False


def _relative_after(tokens: list[_Token], i: int, end: int) -> int:
    """The last token before a relative clause that opens after token i (up to `end`): "an effective
    treatment for depression that has not responded to other drugs" is not negated by its "not"."""
    return next((k - 1 for k in range(i + 2, end + 1) if tokens[k].low in {"that", "which", "who"}
                 and tokens[k - 1].low not in {",", "and", "or", "so", "such"}), end)


def _relative_closed(tokens: list[_Token], lo: int, i: int) -> int:
    """Where the main clause resumes before the verb at i, after a relative clause set off by commas
    that opened the clause at lo ("The cream, which may sting at first, clears the rash": the "may"
    is the sting's, not the clearing's); lo where there is none. Only where nothing but adverbs,
    auxiliaries and "can" stand between that comma and the verb ("..., has reduced my blood pressure")."""
    if not (0 < lo < i and tokens[lo].low in {"which", "who"} and tokens[lo - 1].low == ",") or tokens[i].low.endswith("ing"):
        return lo  # (", which may ..., making the infant more vulnerable": a participle goes on with the relative clause)
    k = max((k for k in range(lo + 1, i) if tokens[k].low == ","), default=None)
    if k is None or k < lo + 2 or not all(_adverb(t.low) or t.low in AUXILIARIES | HAVE | {"can", "also", "then"}
                                          for t in tokens[k + 1:i]):
        return lo
    return k + 1


def _later_denial(lows: Sequence[str], k: int, comma: int | None) -> bool:
    """Whether the negation at k belongs to a clause that follows the claim and says what it led to,
    not a denial of it: after ", and", ", so" or ", but" ("made my urge to smoke evaporate, and I
    haven't lit up since"), or after the first comma of a sentence that opens with its cause
    ("Because of the home visits, nobody needed a locked ward")."""
    if not _negating(lows[k]):
        return False
    if any(lows[m] == "," and lows[m + 1] in {"and", "so", "but"} for m in range(max(0, k - 4), k - 1)):
        return True
    return comma is not None and k > comma and lows[0] in REASONS | {"since", "after", "once"}


def _contrast(lows: Sequence[str], k: int) -> bool:
    """Whether "not" at k sets one thing against another between commas ("It was the iron tablets,
    not the ointment, that ...", "X, not Y, helped"), taking nothing back."""
    return lows[k] == "not" and k > 0 and lows[k - 1] == "," and "," in lows[k + 1:k + 8] \
        and lows[k + 1:k + 2] not in (["once"], ["ever"], ["always"], ["yet"])


def _did_not_but(tokens: list[_Token], lo: int, i: int, hi: int) -> bool:
    """"Ketamine did not increase anxiety but decreased craving": a past verb of effect right after
    "but" whose subject is that of a "did not" just before it (not "..., but decreased appetite", a
    noun phrase in a list)."""
    return tokens[lo].low == "but" and (tokens[i].low.endswith("ed") or tokens[i].low in IRREGULAR_PAST) \
        and _object_follows(tokens, i, hi) and any(
            tokens[k].low == "didn't" or tokens[k].low == "did" and tokens[k + 1].low == "not" for k in range(max(0, lo - 20), lo))


DENIED_BY = {"did", "was", "were"}
# The verb of a noun after "and lowered doses": the -ed word was its adjective (not "made", "included", "reported":
# participles as often, "reduced cravings made worse by stress")
NOUNS_VERB = AUXILIARIES | MODAL_VERBS | {"became", "showed", "remained", "seemed", "went", "took", "stayed", "fell",
                                          "rose", "had", "felt", "tended"}
IRREGULAR_PARTICIPLES = {"withdrawn", "lost", "left", "split", "spent", "sent", "bought", "caught", "thrown", "torn",
                         "hidden", "driven", "gone", "met", "paid", "read", "sought", "struck", "won", "hit", "shut"}


def _denial_ends_at_and(tokens: list[_Token], k: int, i: int) -> bool:
    """Whether the verb at i, in the past right after "and", starts a predicate of its own that the
    denial at k does not reach: "The dose was not fatal and improved pain", "NRT did not affect birth
    outcomes and increased birth weight" (but "did not reduce pain and improve sleep", a base form, and
    "was not detected and treated", two participles of one "was", are denied whole)."""
    low = tokens[k].low
    if not (low == "not" and k > 0 and tokens[k - 1].low in DENIED_BY or low in {"didn't", "wasn't", "weren't"}):
        return False
    if not (tokens[i].low.endswith("ed") or tokens[i].low in IRREGULAR_PAST):
        return False
    hi = len(tokens) - 1
    # a verb with an object ("and improved pain"), not "and lowered by half" (a second participle)
    # nor "and lowered doses were used" (an adjective before its noun's verb)
    if not _object_follows(tokens, i, hi) or i + 2 <= hi and tokens[i + 2].low in NOUNS_VERB:
        return False
    j = i - 1
    while j > k and _adverb(tokens[j].low):
        j -= 1
    if j <= k + 1 or tokens[j].low != "and" or any(t.low in {"and", "or", "nor", "but"} for t in tokens[k + 1:j]):
        return False
    first = k + 1
    while first < j and _adverb(tokens[first].low):
        first += 1
    denied = tokens[first].low
    if low == "did" or tokens[k - 1].low == "did" or low == "didn't":
        return not denied.endswith("ed")  # "did not affect ... and increased"
    return not (denied.endswith(("ed", "en")) or denied in IRREGULAR_PAST | PARTICIPLES | PHRASE_PARTICIPLES
                | IRREGULAR_PARTICIPLES)  # "was not fatal and improved", not "was not withdrawn and lowered"


def _taken_back(tokens: list[_Token], i: int, clause: _Clause, elsewhere: bool) -> bool:
    """Is the claim at token i hedged, negated, reported or associational in its clause, or a future
    that is no claim (_promised; elsewhere: another check flagged the sentence)?"""
    if _promised(tokens, i, clause, elsewhere):
        return True
    if len(tokens) > 1 and tokens[0].low in {"hypothesis", "hypotheses"} and tokens[1].low == ":":
        return True  # "HYPOTHESIS: Shock wave therapy is an effective treatment": what was to be tested
    if i >= clause.lo + 2 and tokens[i - 1].low == "to" and tokens[i - 2].low in BELIEVED_TO | {"said", "reported", "felt"}:
        return True  # "were perceived to shorten a cluster period": what people believe
    if len(tokens) > 3 and tokens[0].low == "in" and tokens[1].low in POSSESSIVES and tokens[2].low in {"opinion", "view"} \
            and not _joined_clause(tokens, 3, i):
        return True  # "In our opinion: the dysfunction is caused by ...": a belief, whatever follows the colon
    if any(tokens[k].low in BELIEVED_TO and tokens[k + 1].low == "to" and tokens[_back_past_adverbs(tokens, k, clause.lo)].low in AUXILIARIES
           and not _joined_clause(tokens, k + 2, i) for k in range(clause.lo + 1, i - 1)):
        return True  # "Stone formation is thought to be more common in the submandibular gland secondary to ...",
        # "They are proposed to be a result of damage": what is believed, however far the verb stands after it
    if tokens[i].low in {"produced", "produce", "produces", "yielded", "yield", "yields"} and {
            t.low for t in tokens[i + 1:i + 4]} & ({"results", "result", "estimates", "findings", "conclusions", "pooled",
                                                    "measurements", "maps", "images", "readings", "outputs"} | (
            {"figures"} if i + 1 < len(tokens) and (tokens[i + 1].low == "figures" or i + 2 < len(tokens) and tokens[
                i + 2].low == "figures" and tokens[i + 1].low in {"the", "its", "their", "new", "national"}) else set())) \
            and not (i + 1 < len(tokens) and tokens[i + 1].low in GOOD_OUTCOMES | {"better"}
                     and not {t.low for t in tokens[clause.lo:i]} & (ANALYSES | MODELS)):
        return True  # "The propensity score adjustment produced similar results": an analysis's output (not "yields
        # good results", a treatment's)
    if tokens[i].low in {"resulted", "results", "yielded", "produced", "identified"} \
            and {t.low for t in tokens[clause.lo:i]} & LITERATURE_SEARCH and _search_yield(tokens, i + 1, min(i + 8, len(tokens))):
        return True  # "Screening of 566 papers resulted in 11 publications": what a literature search found
    if any(tokens[k].low in {"reported", "described"} and (any(
            t.low in {"studies", "trials", "articles", "reviews", "papers", "authors", "reports"} for t in tokens[max(clause.lo, k - 3):k])
            # "We previously reported that ...", "The previous meta-analysis on X reported ...": cited, not found here
            or tokens[k - 1].low in {"previously", "earlier"} or any(t.low in {"previous", "earlier", "prior"} for t in tokens[max(clause.lo, k - 8):k]))
           for k in range(clause.lo + 1, i)):
        return True  # "Trials have reported rapid antidepressant effects": others' reports, cited, not this study's finding
    if {t.low for t in tokens[i + 1:i + 3]} & {"odds"} and {t.low for t in tokens[clause.lo:clause.hi + 1]} & {
            "analysis", "analyses", "regression", "adjusted", "ratio", "multivariate", "multivariable"}:
        return True  # "increased the odds for surgical failure in a multivariate analysis": an association
    # "..., contributing to better X": a participle after a comma carries its main clause's hedge
    reach = min(i - clause.lo, 60) if tokens[i].low.endswith("ing") and i > clause.lo and tokens[i - 1].low == "," else 8
    if clause.lo > 0 and tokens[clause.lo].low in {"while", "whilst"} and i == clause.lo + 1 and tokens[i].low.endswith("ing") \
            and any(t.low in {"may", "might", "could"} for t in tokens[max(0, clause.lo - 25):clause.lo]):
        return True  # "metabolic surgery may achieve weight loss ... while leading to remission": the hedge reaches on
    if i > 1 and tokens[i - 1].low == "and" and tokens[i - 2].low == "," and tokens[i].low in EFFECT_VERBS \
            and not tokens[i].low.endswith(("s", "ed", "ing")) \
            and any(t.low in {"may", "might", "could", "would"} for t in tokens[max(0, i - 30):i]):
        return True  # "may achieve A, prevent B, ..., and reduce C": the last verb of a hedged list
    start = max(clause.lo, i - reach)
    # a reason given with "as", "since" or "because" opens a clause of its own: "is not recommended as
    # they can lead to damage", "must be applied judiciously because it can cause" (the "not", the
    # "must", are the advice's)
    start = max([start] + [k + 1 for k in range(start, i - 1) if tokens[k].low in {"as", "since", "because"}
                           and tokens[k + 1].low in {"they", "it", "this", "these", "he", "she", "we"}
                           and not (k > 0 and tokens[k - 1].low in HEDGES | REPORTS | {"reportedly", "allegedly"})])
    resumed = _relative_closed(tokens, clause.lo, i)
    start = max(start, resumed)
    window = [t.low for t in tokens[start:i]]
    ahead = [t.low for t in tokens[max(0, start - 1):start]]  # the comma before a "not" that opens the window
    if any((w in HEDGES and not _idle_hedge(tokens, start + k) and not _finding_after(tokens, start + k, i)) or (w in NEGATIONS and not _not_only(window, k)
                           # "A trail race with no build-up brought on the pain": the subject's, not a denial
                           and not (w == "no" and k > 1 and window[k - 1] == "with" and k + 1 < len(window)
                                    and tokens[i].low not in EFFECT_NOUNS | CHANGE_NOUNS
                                    # ... the subject's: no verb before it ("We were left with no therapy that cured")
                                    and not any(v in AUXILIARIES | COPULAS or v.endswith("ed") for v in window[:k - 1]))
                           # "Lack of exercise causes obesity": an absence as the cause, not a denial
                           # (after a preposition too: "Fear of a fall, as well as lack of information, made")
                           # (but "a lack of evidence that X cures Y" denies the claim, whatever comes before it)
                           and not (w == "lack" and window[k + 1:k + 2] == ["of"] and (k == 0 or window[k - 1] in {
                               "a", "the", "and", ",", "further", "its", "their", "his", "her", "this", "or", "as", "by",
                               "to", "from", "with", "of", "in", "for"})
                                    and window[k + 2:k + 3] not in (["evidence"], ["proof"], ["data"], ["support"]))
                           and not _contrast(ahead + window, k + len(ahead))
                           and not _no_treatment_compared(window, k)
                           and not _not_the_subjects(window, k)
                           and not (w in NOMINAL_NEGATIONS and {"and", ","} & set(window[k + 1:]))
                           and not (w in FAILING and window[k + 1:k + 2] != ["to"])
                           and not _denial_ends_at_and(tokens, start + k, i))
           or w.endswith("n't") and not _not_only(window, k) and not _denial_ends_at_and(tokens, start + k, i)
           for k, w in enumerate(window)):
        return True
    if any(w in {"partially", "partly"} and window[k + 1:k + 2] in (["supported"], ["support"], ["supports"], ["explained"])
           for k, w in enumerate(window)):
        return True  # "was partially supported as an efficacious intervention"
    if any(tokens[k].low in TOLD_THAT and tokens[k + 1].low == "that" and (tokens[k].low in {"belief", "beliefs", "claim", "claims"} or k >= i - 8)
           and not _joined_clause(tokens, k + 2, i) for k in range(clause.lo, i - 1)):
        return True  # "provided public testimonials that ibogaine alleviated craving", "The belief that ketamine, in
        # the doses used, causes delirium is flawed": their account, however long
    if any(w in {"evidence", "support"} and k > 0 and window[k - 1] in WEAK_EVIDENCE for k, w in enumerate(window)):
        return True  # "some evidence of effectiveness", "findings provide support for the efficacy"
    if any(tokens[k].low in {"reported", "perceived", "self-reported", "claimed", "alleged", "purported", "supposed",
                             "putative", "reputed", "so-called"}
           and (k == i - 1 or (k > 0 and tokens[k - 1].low in {"the", "its", "their", "his", "her", "these", "this", "a", "an"}))
           for k in range(max(clause.lo, i - 2), i)):
        return True  # "the reported effectiveness of ibogaine", "the purported therapeutic benefits"
    if 0 <= clause.scoped < i and clause.scoped >= resumed and not _finding_after(tokens, clause.scoped, i) \
            and not _reason_after_duty(tokens, clause.scoped, i):
        return True
    if tokens[clause.lo].low == "to" and (clause.lo == 0 or tokens[clause.lo - 1].low == ":") \
            or tokens[clause.lo].low == ":" and clause.lo + 1 < i and tokens[clause.lo + 1].low == "to":
        return True  # "To conduct a review of studies reporting anxiolytic effects": an aim
    if any(tokens[k].low in COVERING and tokens[k - 1].low in {"paper", "review", "article", "chapter", "we"}
           for k in range(max(clause.lo + 1, i - 25), i)):
        return True  # "This paper reviews risk factors that can impact the treatment": what a paper covers
    if any(tokens[k].low in {"needs", "need", "remains", "remain"} and tokens[k + 1].low == "to" and tokens[k + 2].low == "be"
           and tokens[k + 3].low in OPEN_STEPS for k in range(i + 1, min(clause.hi - 2, i + 12))):
        return True  # "The mechanism of NBUVB induced pigmentation needs to be elucidated": open
    if any(tokens[k].low in COPULAS | {"remains", "remain", "remained"} and _open_after(tokens, k, clause.hi)
           and not any(t.low in {",", "whose", "who", "which", "that", "where"} for t in tokens[i + 1:k])
           for k in range(i + 1, min(clause.hi, i + 15))):
        return True  # "The effect of deployment on mental health in military spouses is largely unstudied"
    if any(tokens[k].low in COVERED and tokens[k - 1].low in AUXILIARIES
           and not {t.low for t in tokens[max(clause.lo, k - 5):k]} & {"whose", "who", "which", "that", "where"}
           for k in range(max(i + 1, clause.hi - 2), clause.hi + 1)):
        return True  # "Evidence showing impact on family risk ... is reviewed": what a paper covers
    # an association said before the claim or just after it ("X improved Y, as was linked to...")
    if clause.associational <= i + 3 and not _link_in_object(tokens, i, clause.associational) or clause.question:
        return True
    if i > clause.lo and tokens[i - 1].low in {"that", "which"} and any(
            t.low in {"may", "might", "could", "should", "must"} for t in tokens[i + 1:min(clause.hi + 1, i + 30)]):
        return True  # "approaches that strengthen these foundations ... may be beneficial", "studies of
        # interventions that improve mobility should be instigated": what to study, not what was shown
    if tokens[i].low in EFFECT_NOUNS and clause.associational <= i + 7:
        return True  # "the benefit of OMT is inversely associated to gestational age"
    if clause.associational < 1 << 30 and tokens[i].low.endswith("ed") and (i == clause.lo or tokens[i - 1].low in {",", "and", "of", "with"}):
        return True  # "In mice, increased monocyte recruitment ... were associated with": a measure in a link
    if clause.reported < i and not any(tokens[k].low == "," and tokens[k + 1].low == "and" and k + 2 < i
                                       and (tokens[k + 2].low in {"the", "their", "our"} or _person(tokens[k + 2].low))
                                       for k in range(clause.reported + 1, i - 1)):
        return True  # "...said they felt calmer" reaches on, but not past ", and the authors ..."
    if i > clause.lo and tokens[i - 1].low in {"that", "who"} and clause.associational < 1 << 30:
        return True  # "households that kept a meal going tended to...": who they were, then a link
    after = []
    for m in range(i + 1, min(i + 4, clause.hi + 1)):
        t = tokens[m]
        if t.low in {"that", "which", "who"} or t.low == "but" and not _but_not_adverb(tokens, m):
            break  # "effects that may be strengthened": the hedge is the relative clause's; "reduced
            # psychological (but not physical) abuse": the "not" is the other thing's (but "reduced (but
            # not significantly) pain" is the verb's)
        after.append(t.low)
    if (after[:1] in (["no"], ["nothing"], ["neither"], ["zero"], ["nil"], ["minimal"], ["little"])
            or after[:1] in (["nobody's"], ["nobody"]) and not set(after[1:]) & {"more", "as", "but", "except", "else"}) \
            or after[:1] in (["me"], ["him"], ["her"], ["them"], ["us"], ["you"]) and after[1:2] in (["no"], ["nothing"], ["zero"]) \
            and after[2:3] not in (["longer"], ["but"]):
        return True  # "brought no improvement", "causes minimal pain", "gave me no relief at all", "changed nobody's mood"
    particle = 1 if i + 1 < len(tokens) and tokens[i + 1].low in {"up", "down", "away", "off"} else 0
    if tokens[i].low in SETTLING and [t.low for t in tokens[i + 1 + particle:i + 4 + particle]] in (
            ["on", "its", "own"], ["on", "their", "own"]):
        return True  # "cleared up on its own once the fever broke": nothing did it (not "Melatonin works on its own")
    if after[:2] == ["without", "treatment"] or after[:1] == ["spontaneously"]:
        return True  # "usually resolves without treatment", "heals spontaneously": nothing did it (but "Melatonin
        # works on its own" says the treatment needs no other)
    return any(w == "not" and after[k + 1:k + 2] != ["only"] for k, w in enumerate(after)) \
        or any((w in HEDGES_AFTER or w == "if" and k > 0 and after[k - 1] in ASKING)
               and not _idle_hedge(tokens, i + 1 + k) and not (k > 0 and after[k - 1] in DETERMINERS and (
                   w in {"need", "needs"} or (i + k + 2 < len(tokens) and tokens[i + k + 2].low not in {"that", "of", "whether"})))
               for k, w in enumerate(after))  # "reduces the need for hypnotics", "elicited the expected syndrome"


def _promised(tokens: list[_Token], i: int, clause: _Clause, elsewhere: bool) -> bool:
    """The verb at i is in the future ("will end", "won't cure", "it'll save", "will be cured") and
    no claim: where another check flagged the sentence it is a promise, hype's or advice's to flag
    ("this app will end your teen's gaming addiction"); what someone fears, hopes or expects ("There
    are concerns that overuse will lead to resistance", "Officials warn that the heatwave will cause
    more admissions"); who is meant ("a profile of infants who will benefit most from surgery"); or
    what people, a service or a piece of research will do ("Surgeons will repair the hernia", "The
    council will cut funding", "These data will help us understand"). Otherwise a verb of effect in
    the future is a claim of what a treatment or a cause does ("Removal will always cause a scar",
    "An ice pack will help swelling", "Despite fears about its cost, the drug will halve relapses")."""
    j = i - 1
    while j > clause.lo and j >= i - 3 and _adverb(tokens[j].low) and tokens[j].low != "will":
        j -= 1
    if not (clause.lo <= j < i and (tokens[j].low in {"will", "won't", "shall"} or tokens[j].low.endswith("'ll")
                                    or (tokens[j].low == "be" and j > clause.lo and tokens[j - 1].low in {"will", "won't"}))):
        return False
    # the fear or the forecast holds what follows it, up to a comma ("Despite fears about its cost, the
    # drug will halve ..." is a claim), not what it is about ("Patients worried about side effects")
    comma = max((m for m in range(clause.lo, j) if tokens[m].low == ","), default=clause.lo - 1)
    expected = any(tokens[k].low in FEARS and k + 1 < j and tokens[k + 1].low not in {"about", "of", "over", "for", ","}
                   for k in range(comma + 1, j))
    subject = _subject_word(tokens, j, clause.lo) if j > clause.lo else ""
    # (those who give care or study it; not "patients will improve with urotherapy", a claim)
    acting = subject in FUTURE_ACTORS or (
        # "will help clinicians choose", "will enable researchers to track": a purpose
        tokens[i].low in {"help", "enable", "allow"} and i + 2 < len(tokens)
        and (tokens[i + 1].low in ACTORS | {"us", "them", "you"} or _people_word(tokens[i + 1].low))
        and (tokens[i + 2].low == "to" or tokens[i + 2].low.isalpha() and tokens[i + 2].low not in PREPOSITIONS | DETERMINERS | {"with"}))
    return elsewhere or expected or acting or tokens[clause.lo].low == "who" or (j > 0 and tokens[j - 1].low == "who")


def _joined_clause(tokens: list[_Token], a: int, b: int) -> bool:
    """Whether a clause of its own is joined on between tokens a and b (", and the spray cut relapse",
    "; so ..."): where a belief, a report or a view said before it stops reaching."""
    return any(tokens[m].low in {",", ";"} and tokens[m + 1].low in {"and", "but", "so", "yet"} for m in range(a, b))


def _no_cause_found(tokens: list[_Token], lo: int, hi: int) -> bool:
    """Whether a copula in tokens lo..hi says the cause was none found ("... was idiopathic"), not a
    disease named so ("a common cause of unexplained pelvic pain")."""
    return any(tokens[m].low in NO_CAUSE_FOUND and tokens[_back_past_adverbs(tokens, m, lo)].low in COPULAS
               for m in range(lo + 1, hi + 1))


# A literature search and what it yields ("Our database search resulted in 812 articles")
LITERATURE_SEARCH = {"search", "searches", "searched", "searching", "screening", "screened"}
SEARCH_YIELD = {"records", "articles", "studies", "papers", "hits", "citations", "abstracts", "publications", "trials"}


def _search_yield(tokens: list[_Token], lo: int, hi: int) -> bool:
    """A count of what a search found in tokens lo..hi-1 ("in 11 publications", "812 articles"; not
    "fewer deaths in cohort studies")."""
    return any(tokens[m].low in SEARCH_YIELD and (tokens[m - 1].low[:1].isdigit() or tokens[m - 1].low in NUMBERS)
               for m in range(max(lo, 1), hi))

# What an untreated illness is said to lead to ("If left untreated, it can lead to ...")
UNTREATED_HARMS = {"lead", "leads", "cause", "causes", "result", "results", "damage", "damages", "spread", "spreads",
                   "progress", "progresses", "precipitate", "impacts", "increases", "worsen", "worsens", "threaten",
                   "effect", "affect", "affects", "resulting"}

# Passives of belief before "to": "is thought to", "are proposed to", "is widely believed to"
BELIEVED_TO = {"thought", "believed", "presumed", "proposed", "postulated", "hypothesized", "hypothesised", "suspected",
               "speculated", "theorized", "theorised", "assumed", "supposed", "purported", "alleged", "rumoured", "rumored",
               "reputed", "perceived", "claimed"}

# How an illness ends by itself ("cleared up on its own")
SETTLING = {"cleared", "clears", "clear", "resolved", "resolves", "resolve", "healed", "heals", "heal", "settled",
            "settles", "settle", "went", "goes", "go", "faded", "fades", "disappeared", "disappears", "improved",
            "improves", "eased", "eases", "subsided", "subsides"}
# Hedges that doubt a claim from just after its verb ("reduces the need for", not "possible"; "if" only after ASKING)
HEDGES_AFTER = HEDGES - {"possible", "if"}
# Verbs that put a question ("helps doctors check if the tumour has shrunk"): an "if" after them asks
ASKING = {"check", "checks", "identify", "see", "know", "determine", "find", "ask", "decide", "tell", "assess", "test",
          "establish", "evaluate", "understand", "learn", "predict", "show", "judge", "gauge", "work"}




def _link_in_object(tokens: list[_Token], i: int, a: int) -> bool:
    """Whether the association at token a, just after the verb of effect at i, only names what the
    verb acts on: "can reduce the burden associated with PHN" (no "was" before "associated"); not
    where the verb's form is a group's measure ("Statin users had reduced deaths linked to heart
    disease": what they had, then a link)."""
    return i + 1 < a < len(tokens) - 1 and (tokens[a].low, tokens[a + 1].low) in NOUN_LINKS \
        and tokens[a - 1].low.isalpha() and tokens[a - 1].low not in AUXILIARIES | ADVERBS | {"be", "not", "and", "or"} \
        and not (i > 0 and tokens[i - 1].low in HAVING | {"with"})


# A clause that ends "... is reviewed" says what a paper covers, not what a treatment did.
COVERED = {"reviewed", "discussed", "summarized", "summarised", "outlined", "considered", "highlighted"}
COVERING = {"reviews", "discusses", "summarizes", "summarises", "outlines", "covers", "review", "discuss", "summarize",
            "summarise", "outline"}  # not "highlights": "This review highlights treatments shown to be effective" asserts
OPEN_STEPS = {"elucidated", "clarified", "determined", "established", "explored", "investigated", "confirmed",
              "understood", "studied", "examined", "tested", "evaluated", "assessed", "defined", "identified"}
RESEARCH_AIMS = {"examined", "assessed", "evaluated", "investigated", "explored", "tested"}
FINDINGS = {"found", "showed", "revealed", "demonstrated", "observed", "confirmed", "find", "show"}


def _reason_after_duty(tokens: list[_Token], scoped: int, i: int) -> bool:
    """"The dose should be considered, because these drugs lead to dementia": what ought to be done
    does not hedge the reason given for it, which is stated as a fact."""
    return tokens[scoped].low in NECESSITY | {"needed", "required"} and any(tokens[k].low == "because" for k in range(scoped + 1, i)) \
        and not any(tokens[k].low in {"whether", "if"} for k in range(scoped + 1, i))  # "should test if, because of"


def _studied_people(tokens: list[_Token], lo: int, first_people: int) -> bool:
    """"Study 1 examined adults", "The survey assessed parents": the first people named in the
    clause are what a study or its authors examined, just before them."""
    return any(tokens[m].low in RESEARCH_AIMS and any(t.low in STUDY_FINDERS | {"we"} for t in tokens[lo:m])
               for m in range(max(lo, first_people - 3), first_people))


# Participles that, after "had" and before a noun, name a state of those who had it ("had reduced
# odds", "had impaired cognition", "had prolonged hospitalization")
STATE_PARTICIPLES = {"reduced", "increased", "decreased", "improved", "impaired", "prolonged", "elevated", "lowered",
                     "enhanced", "shortened", "raised", "diminished", "heightened", "worsened", "altered"}
OWN_WORDS = DETERMINERS | POSSESSIVES | {"its", "this", "these", "those", "that"}


def _had_as_state(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """"Patients in delirium had prolonged hospitalization", "those who used psilocybin had reduced
    odds of", "Four patients had improved hearing", "mice had a decreased activity": a participle
    after "had", with people or animals its subject, is a state they were in (not "Patients had
    reduced their smoking", nor "The programme has reduced harsh discipline")."""
    k = i  # back over "a", "an" and a size ("had a 52% increased risk", "a 2-fold increased risk")
    while k - 1 > lo and (tokens[k - 1].low in {"a", "an"} or tokens[k - 1].low[:1].isdigit()
                          or tokens[k - 1].low.endswith("fold")):
        k -= 1
    j = _back_past_adverbs(tokens, k, lo)
    if j <= lo or tokens[j].low not in HAVE or i + 1 > hi or tokens[i + 1].low in OWN_WORDS:
        return False
    subject = tokens[j - 1].low
    if subject in EFFECT_NOUNS or subject in TREATMENT_WORDS or _treats(subject):
        return False  # "NAL effects have reduced fatal overdose": a cause's
    # the subject's phrase: back to the clause's start or a "that" ("We find that ...")
    start = max([lo] + [k + 1 for k in range(lo, j) if tokens[k].low in {"that", "which"}])
    people = _people_word(subject) or subject in CREATURES | POPULATIONS or subject[:1].isdigit() \
        or subject in {"those", "who", "group", "groups"} \
        or any(_person(t.low) or t.low in CREATURES | POPULATIONS for t in tokens[max(start, j - 8):j])
    # ... but not where a treatment is named anywhere in the clause ("The ketamine group had reduced
    # depression", "After treatment with the drug, patients had reduced pain", "... after taking
    # melatonin"), nor after an opening "After ...," ("After 12 weeks of yoga, women had reduced anxiety")
    named = [k for k in range(lo, hi + 1) if _treats(tokens[k].low) or tokens[k].low in TREATMENT_WORDS]
    return people and not any(k < j or any(t.low in {"after", "following", "with", "on"} for t in tokens[max(i, k - 3):k])
                              for k in named) \
        and not (tokens[lo].low in {"after", "following", "with"} and any(t.low == "," for t in tokens[lo:j]))


def _but_not_adverb(tokens: list[_Token], k: int) -> bool:
    """"but not significantly", "but not statistically": the "not" after "but" at k qualifies the verb."""
    return k + 2 < len(tokens) and tokens[k + 1].low == "not" and _adverb(tokens[k + 2].low)


def _no_treatment_compared(lows: Sequence[str], k: int) -> bool:
    """"more effective than no treatment in reducing abuse", "compared with no intervention": the
    "no" at k names what a treatment was compared with, it denies nothing."""
    return lows[k] == "no" and k > 0 and (lows[k - 1] in {"than", "versus", "vs", "over"}
                                         or lows[k - 2:k] in (["compared", "with"], ["compared", "to"], ["relative", "to"]))


def _finding_after(tokens: list[_Token], scoped: int, i: int) -> bool:
    """"We examined 15 programs and found small effects": the aim is followed by what was found,
    and the finding is not under the aim's hedge."""
    return tokens[scoped].low in RESEARCH_AIMS and any(
        tokens[k].low in FINDINGS and tokens[k - 1].low in {"and", "we", "they", "researchers", "authors"}
        for k in range(scoped + 2, i))


def _object_follows(tokens: list[_Token], i: int, hi: int) -> bool:
    """After the verb at i (skipping up to three adverbs), does a noun phrase follow (its object)?"""
    j = i + 1
    while j <= hi and j <= i + 3 and _adverb(tokens[j].low):
        j += 1
    if j <= hi and tokens[j].low in PARTICLES and j + 1 <= hi and tokens[j + 1].low not in PREPOSITIONS:
        j += 1  # "brought down suicidal thoughts", "pulled people out of"
    if j > hi:
        return False
    if tokens[j].low in {"a", "an", "one", "two", "three", "four", "several"} and j + 1 <= hi \
            and tokens[j + 1].low in TIME_UNITS and not (j + 2 <= hi and tokens[j + 2].low == "of"):
        return False  # "totals dropped a week after the brew": when, not what
    if tokens[j].low in {"more", "less"} and j + 1 <= hi and tokens[j + 1].low in {"in", "than", "among", "for", "with"}:
        return False  # "increased significantly more in the testosterone group than ...": no object
    if tokens[j].low in {"every", "each", "last", "next", "this", "that", "most", "all"} and j + 1 <= hi \
            and (tokens[j + 1].low in TIMES or tokens[j + 1].low.rstrip("s") in TIMES) \
            and (j + 2 > hi or not tokens[j + 2].low.isalpha() or tokens[j + 2].low in PREPOSITIONS | {"and", "or", "but", "since"}):
        return False  # "we still fight every Sunday", "worked all week": when, not what (but "all night sweats")
    most = j + 1 if tokens[j].low == "the" and j + 1 <= hi and tokens[j + 1].low == "most" else j
    if tokens[most].low == "most" and (most + 1 > hi or tokens[most + 1].low in PREPOSITIONS | {",", "and", "but"}) \
            and not (most + 1 <= hi and tokens[most + 1].low in {"from", "by", "with", "after", "following", "due", "thanks"}) \
            and [t.low for t in tokens[most + 1:most + 3]] != ["or", "all"] \
            and [t.low for t in tokens[most + 1:most + 4]] != [",", "if", "not"] \
            and not (i > 0 and (_treats(head := tokens[_back_past_adverbs(tokens, i, 0)].low) or head in TREATMENT_WORDS)):
        return False  # "Children improved (the) most in self-concept": how much, not whom (but "benefited the
        # most from the program" names what they had it from, "improved most, if not all, outcomes" how many,
        # and "The program helped most at the start" is a treatment's effect)
    if tokens[j].low[0].isdigit():
        # "causes 50 to 70 percent of bronchiolitis": a share of cases is an object; a number alone is not
        near = [t.low for t in tokens[j + 1:min(j + 7, hi + 1)]]
        if set(near[:4]) & COUNTED_HARMS:
            return True  # "tetanus caused 213,000 deaths", "causes 1 in 5 deaths": a count of harms is what was caused
        share = next((m for m, w in enumerate(near[:4]) if w in {"%", "percent"} or near[m:m + 2] == ["per", "cent"]), None)
        if share is None:
            return False
        rest = near[share + (2 if near[share] == "per" else 1):]
        if rest[:1] and rest[0] in RATES_OF or rest[1:2] and rest[1] in {"rate", "rates"} and rest[0].isalpha() \
                and rest[0] not in PREPOSITIONS | DETERMINERS:
            return True  # "results in 100% recurrence rates", "produced a 95% cure rate": a rate of an outcome
        return rest[:1] == ["of"] and rest[1:2] != ["time"] and rest[1:3] != ["the", "time"]
    return tokens[j].low not in PREPOSITIONS and tokens[j].low not in {"p", "n"}  # "improved ... (P < 0.001)"


# Outcomes whose share after a verb of effect is its object ("results in 100% recurrence")
RATES_OF = {"recurrence", "cure", "remission", "recovery", "relapse", "mortality", "survival", "success", "healing",
            "resolution", "reduction", "improvement"}
# What a treatment makes someone free of ("made my feet pain-free"; not "alcohol-free mouthwash", "gluten-free bread")
FREE_OF = {"pain", "itch", "symptom", "seizure", "fit", "relapse", "recurrence", "disease", "infection", "risk", "worry",
           "cough", "migraine", "headache", "rash", "scar", "stress", "anxiety", "craving", "tic", "wart", "acne"}
# What a count after a verb of effect names as its object ("caused 213,000 deaths worldwide")
COUNTED_HARMS = {"deaths", "cases", "infections", "injuries", "admissions", "hospitalisations", "hospitalizations",
                 "fractures", "relapses", "amputations", "illnesses", "outbreaks"}


# "..., particularly changing roles": the items of a list, not a result
LIST_ADVERBS = {"particularly", "especially", "notably", "mainly", "mostly", "chiefly", "primarily", "namely",
                "principally", "largely", "typically", "usually"}
TIME_UNITS = {"week", "weeks", "day", "days", "month", "months", "year", "years", "hour", "hours", "minute", "minutes",
              "decade", "decades", "fortnight"}
PARTICLES = {"down", "up", "out", "back", "off", "away"}
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "evening", "night",
        "afternoon", "weekend", "time", "summer", "winter", "spring", "autumn"}
TIMES = TIME_UNITS | DAYS  # "every Sunday", "all week": when, not an object
# What makes "keep" a verb of effect: "kept teenagers out of hospital", "keeps couples together".
KEPT = {"clear", "free", "out", "together", "off", "away", "from", "alive", "going", "on", "well", "calm", "sober", "clean", "dry",
        "stable", "down", "up", "in", "at", "under", "intact", "safe", "healthy", "steady", "low", "high", "warm"}
# A gerund followed by one of these is the subject of a sentence ("..., improving awareness may
# also be important"), not the result of what came before.
MODALS_AND_BE = {"may", "might", "could", "should", "would", "must", "is", "are", "was", "were", "remains", "seems"}
# After an -ed form at the start of a clause these make it an adjective ("LIMITATIONS: ..., reduced
# number of eligible studies"); with a subject before it, it stays a verb ("X reduced rates of Y").
MEASURE_NOUNS = {"number", "numbers", "levels", "level", "rates", "rate", "risk", "odds", "likelihood", "frequency",
                 "incidence", "prevalence", "amount", "amounts", "capacity", "ability", "sample", "use", "access",
                 "time", "duration", "severity", "length"}
UNDERSTANDING = {"understand", "explain", "clarify", "inform", "guide", "identify", "interpret", "elucidate",
                 "illuminate", "shed", "answer", "address", "design", "plan", "determine"}
NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
           "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
           "fifty", "hundred", "dozen", "dozens", "hundreds"}


PARTICIPLES = {"cut", "kept", "brought", "made", "led", "held", "set", "put", "broken", "rebuilt", "sped", "shrunk",
               "overcome", "undone", "regrown", "beaten", "freed", "fought"}


# Before "to" and a verb of effect, what makes it an effect shown, not a purpose ("was found to reduce")
SHOWN_TO = {"found", "shown", "proven", "proved", "known", "able", "enough", "guaranteed", "certain", "sure",
            "demonstrated", "established", "sufficient", "confirmed", "observed", "ability", "capacity", "capable",
            "identified", "acknowledged", "recognised", "recognized"}


def _purpose(tokens: list[_Token], i: int, lo: int) -> bool:
    """Is the verb at i an infinitive of purpose, "to" before it past adverbs and "help"? Or
    the verb after "for helping people ..." ("useful for helping couples improve their...")?"""
    if any(tokens[k].low in {"helping", "help"} and k > lo and tokens[k - 1].low in {"for", "of", "to", "at"}
           for k in range(max(lo + 1, i - 7), i)):
        return True
    if i > lo and tokens[i - 1].low in {"and", "or"} and not tokens[i].low.endswith(("s", "ed", "ing")) and any(
            tokens[k].low == "to" and tokens[k + 1].low in EFFECT_VERBS
            and not (k > lo and tokens[k - 1].low in SHOWN_TO)  # "was observed to lower A and reduce B": shown, no purpose
            and not any(t.low in {",", ";", "which", "that", "who"} for t in tokens[k + 1:i])
            for k in range(max(lo, i - 9), i - 2)):
        return True  # "an innovative method to reduce the burden and improve heart failure": a purpose's list
    j = _back_past_adverbs(tokens, i, lo, {"help"})
    return j >= lo and j < i - 1 and tokens[j].low == "to"


# What a treatment is said to do when it acts on something (a verb the lists above lack):
# the subject names a treatment, the verb has a verb's form and takes an object.
TREATMENT_SUBJECTS = TREATMENT_WORDS | {
    "ketamine", "esketamine", "psilocybin", "mdma", "lsd", "ayahuasca", "ibogaine", "dmt", "psychedelics",
    "ect", "rtms", "tms", "emdr", "cbt", "dbt", "cpap", "hrt", "nrt", "ssris",
    "psychedelic", "microdosing", "microdoses", "mushrooms", "spray", "pill", "pills", "dose", "doses",
    "medicine", "medication", "course", "workshop", "workshops", "training", "education", "retreat",
    "retreats", "coaching", "counselling", "counseling", "interventions", "treatments", "therapies", "method",
    "methods", "approach", "technique",
    "programmes", "programs", "classes", "psychotherapy", "infusion", "infusions", "drugs", "app", "apps", "club",
    "clubs", "diet", "diets", "menu", "exercise", "walks", "lessons", "yoga", "meditation", "mindfulness",
    "supplement", "supplements", "vaccine", "vaccination", "surgery", "injection", "tablet", "tablets", "capsule",
    "capsules", "exposure", "exposures", "microdose", "acupuncture", "ablation", "embolisation", "embolization",
    "drip", "drips", "stent", "stents", "implant", "implants", "device", "devices", "graft", "grafts", "gel", "gels",
    "cream", "creams", "ointment", "patch", "patches", "laser", "shunt", "jab", "jabs", "brew", "extract", "extracts",
    "antibiotics", "radiotherapy", "chemotherapy", "physiotherapy", "immunotherapy", "stimulation", "brace", "braces",
    "splint", "splints", "orthosis", "orthoses", "insoles", "bandage", "bandages", "harness", "harnesses", "garments",
    "camp", "camps", "vitamin", "vitamins", "melatonin", "probiotic", "probiotics", "scheme", "schemes",
    "shampoo", "shampoos", "lotion", "lotions", "ointments", "sprays", "powder", "powders", "mouthwash", "mouthwashes",
    "rinse", "rinses", "soap", "soaps", "balm", "balms", "serum", "serums",
    "inhaler", "inhalers", "insole", "dressing", "dressings", "plaster", "plasters", "syrup", "syrups",
    "exercises", "workout", "workouts", "stretching", "stretches", "massage", "massages", "operation",
    "operations", "procedure", "procedures", "hypnosis", "physio", "shockwave", "lasers", "microsuction",
    "irrigation", "compress", "compresses", "medicines", "medications"}
IRREGULAR_PAST = {"brought", "kept", "made", "gave", "drew", "took", "got", "put", "set", "led", "held", "broke",
                  "built", "grew", "regrew", "shrank", "tore", "won", "sent", "threw", "shook", "woke", "cut",
                  "lifted", "spun", "struck", "swept", "wiped", "undid", "blew", "bent", "shut", "wore", "stung", "drove"}
# Past forms read only in a cleft, where the cleft says they are a cause's ("is what spread the
# ringworm"); elsewhere they are as often a disease's own course ("The rash spread to her arms",
# "The cyst burst")
CLEFT_PAST = {"spread", "burst"}
# Verbs that say what a treatment is or how it was given, not what it did.
NOT_EFFECTS = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "includes", "included", "consists",
               "consisted", "involves", "involved", "lasts", "lasted", "takes", "took", "uses", "used", "targets",
               "targeted", "teaches", "taught", "aims", "aimed", "combines", "combined", "contains", "contained",
               "requires", "required", "costs", "comprises", "comprised", "focuses", "focused", "offers", "offered",
               "delivers", "delivered", "receives", "received", "acts", "acted", "binds", "bound", "remains",
               "remained", "appears", "appeared", "seems", "seemed", "continues", "continued", "began", "begins",
               "starts", "started", "came", "comes", "needs", "needed", "differs", "differed", "varied", "varies",
               "emerged", "occurred", "given", "studied", "tested", "administered", "provided", "compared",
               "followed", "consisted", "met", "addresses", "addressed", "showed", "shows", "covers", "covered",
               "features", "featured", "asks", "asked", "invites", "invited", "explains", "explained", "means",
               "meant", "helps", "was", "does", "did", "got", "set", "put", "held", "took", "made", "gave",
               "reached", "reaches", "entered", "enters", "goes", "went", "ran", "runs", "sessions", "adds",
               "added", "mirrors", "mirrored", "resembles", "resembled", "predates", "follows", "precedes",
               "preceded", "requires", "warrants", "deserves", "deserved", "raises", "raised", "depends",
               "depended", "relies", "relied", "builds", "built", "draws", "drew", "centres", "centers",
               "centred", "centered", "sought", "seeks", "tries", "tried",
               "encourages", "encouraged", "emphasises", "emphasizes", "emphasised", "emphasized", "works",
               "worked", "produced", "produces", "caused", "causes", "exists", "existed", "lies", "lay", "poses",
               "posed", "pose", "carries", "carried", "bears", "exhibited", "exhibits", "displayed", "displays",
               "utilises", "utilizes", "utilised", "utilized", "employs", "employed", "reviewed", "included",
               "includes", "examined", "assessed", "evaluated", "investigated", "explored", "provides", "provide",
               "looks", "looked", "sounds", "sounded", "feels", "felt", "stayed", "stays", "scored", "scores", "ranked",
               "ranks", "rated", "rates", "says", "said", "say", "underwent", "completed", "attended", "trials", "studies"}


# The endings of international nonproprietary drug names (the WHO's stems): "vedolizumab",
# "dupilumab", "semaglutide", "sertraline", "atorvastatin" name a treatment as surely as "therapy".
DRUG_STEMS = ("mab", "nib", "tide", "pril", "sartan", "olol", "statin", "oxetine", "triptan", "dronate", "lukast",
              "caine", "zepam", "zolam", "profen", "prazole", "cillin", "mycin", "floxacin", "cycline", "vir",
              "parin", "setron", "tidine", "afil", "gliptin", "gliflozin", "glitazone", "semide", "thiazide",
              "dipine", "azole", "platin", "taxel", "rubicin", "ercept", "kinra", "tinib", "ciclib", "lisib",
              "amine", "oxone", "codone", "morphone", "orphan", "done", "pam", "tadine", "tyline", "pramine",
              "xaban", "gatran", "grel", "parib", "sone", "olone", "asone", "formin", "glinide", "navir",
              "previr", "buvir", "tegravir", "caftor", "fungin", "vudine", "citabine", "trexate", "relix", "gestrel",
              "tecan", "vaptan", "grastim", "poetin", "alol", "ilol", "pressin", "tocin", "prost", "prostol", "osin",
              "quine", "moterol", "meterol", "buterol", "sonide", "mectin", "penem", "micin", "exone", "flurane", "barbital", "curonium", "lamide", "mide", "pride", "peridol", "apine", "idone", "ipiprazole")
# Words with a drug's ending that name no drug.
NOT_DRUGS = {"myosin", "catecholamine", "dopamine", "examine", "glutamine", "histamine", "nucleotide", "peptide", "monoamine",
             "indoleamine", "tryptamine", "hydroxytryptamine"}


def _drug(word: str) -> bool:
    """A drug named by its stem ("atorvastatin"), or a class of them in the plural ("statins", "triptans")."""
    return len(word) > 6 and word.isalpha() and word not in NOT_DRUGS and (
        word.endswith(DRUG_STEMS) or word.endswith("s") and word[:-1].endswith(DRUG_CLASSES))


# Stems whose plural names a class of drugs ("statins", "triptans"; not "orphans" or "famines")
DRUG_CLASSES = ("statin", "triptan", "gliptin", "gliflozin", "sartan", "prazole", "cycline", "floxacin", "cillin",
                "mycin", "setron", "glitazone", "thiazide", "dipine", "zepam", "olol", "pril")


def _treats(word: str) -> bool:
    """A word that names a treatment: the list above, a drug's name, or a class of drugs
    ("antiretrovirals", "antidepressants")."""
    return word in TREATMENT_SUBJECTS or _drug(word) or (
        word.startswith("anti") and word.endswith(("ics", "ants", "als", "ives")) and len(word) > 9)


# Adverbs that end in -s, read as no verb ("The cream perhaps tones ...", "Ketamine always works")
S_ADVERBS = {"always", "sometimes", "afterwards", "afterwords", "nevertheless", "besides", "towards", "unless", "whereas",
             "nowadays", "regardless", "sideways", "backwards", "forwards", "perhaps"}


def _research_reason(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """Whether "due to" / "because of" at i, opening its clause (perhaps after "In conclusion," or
    "..., but"), names a reason of the research itself, in its own words up to the comma: "due to
    the heterogeneity of the studies", "because of the small number of eligible trials", never a
    treatment ("In conclusion, due to ketamine, fewer patients in the trial were suicidal")."""
    if not (i <= lo + 1 or all(t.low in OPENERS or t.low in LINKING for t in tokens[lo:i])):
        return False
    comma = next((k for k in range(i + 2, hi + 1) if tokens[k].low == ","), None)
    if comma is None:
        return False
    reason = [t.low for t in tokens[i + 2:comma]]
    studied = next((k for k, w in enumerate(reason) if w in STUDIED), len(reason))
    if any(_drug(w) or _treats(w) or w in TREATMENT_WORDS for w in reason[:studied]):
        return False  # the reason is a treatment, not the research ("the small number of trials of ketamine" is)
    return bool(set(reason) & {"heterogeneity", "heterogeneous", "bias", "imprecision", "limitations"}
                or set(reason) & {"diversity", "variability", "inconsistency", "small", "few", "number", "lack",
                                  "paucity", "limited", "absence"}
                and set(reason) & STUDIED)


STUDIED = {"studies", "trials", "data", "evidence", "research", "reports", "samples"}  # the research's own body


# Words in -ing that open a sentence as prepositions, not as a gerund doing something ("Owing to
# marked heterogeneity, ...", "Following surgery, ...")
OPENING_PREPOSITIONS = {"owing", "according", "regarding", "concerning", "including", "following", "during",
                        "notwithstanding", "considering", "excluding", "pending", "barring"}


def _treatment_acts(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    word = tokens[i].low
    if word in NOT_EFFECTS or word in REPORTS or word in PREPOSITIONS or _treats(word) or not word.isalpha() or _person(word) \
            or word in HEDGES or word in S_ADVERBS or (i > 0 and tokens[i].text[0].isupper()) or _imperative_object(tokens, i, lo):
        return False
    if not (word.endswith("ed") or (word.endswith("s") and not word.endswith(("ss", "us", "is")))
            or word in IRREGULAR_PAST) or (i > 0 and tokens[i - 1].low in {"a", "an", "the", "this", "these", "their", "its",
                                                                          "our", "your"}) \
            or (i > 1 and tokens[i - 1].low in {"that", "those"} and tokens[i - 2].low in PREPOSITIONS - {",", "and", "but"}):
        return False  # "with a licensed counsellor": an adjective after a determiner
    j = _back_past_adverbs(tokens, i, lo, {"has", "have"})
    if tokens[j].low in {"that", "which"} and j > lo:
        j -= 1  # "a drug that clears cravings"
    if tokens[j].low == "," and j > lo:
        # "Ketamine infusions, given twice a week at a clinic, brought down...": past the aside
        k = next((k for k in range(j - 1, max(lo, j - 14) - 1, -1) if tokens[k].low == ","), None)
        if k is not None and k > lo:
            j = k - 1
    gerund_led = tokens[lo].low.endswith("ing") and tokens[lo].text[0].isupper() and lo == 0 and 1 <= j - lo <= 5 \
        and tokens[lo].low not in OPENING_PREPOSITIONS \
        and not any(t.low in {",", "who", "which", "that"} or t.low in PREPOSITIONS - {"out", "up", "off", "down", "to",
                                                                                       "from", "with", "on"}
                    for t in tokens[lo + 1:j + 1])
    # "Adult rats dosed once with psilocybin sprouted extra spines": people or animals given a
    # treatment, then what they did; the treatment is what acted
    dosed = next((k for k in range(max(lo + 1, i - 8), i - 1) if tokens[k].low in DOSED
                  and (_person(tokens[k - 1].low) or tokens[k - 1].low in CREATURES)), None)
    if dosed is not None and (word.endswith("ed") or word in IRREGULAR_PAST) and word not in NOT_EFFECTS | REPORTS | FINDINGS \
            and not any(t.low in PHRASE_STOPS - {"to"} or t.low in AUXILIARIES for t in tokens[dosed + 1:i]) \
            and _object_follows(tokens, i, hi) and tokens[i + 1].low not in COMPARATIVES | RESEARCH_OBJECTS:
        return True
    # "Exercise on a treadmill three times a week stretched ...": the treatment heads the clause,
    # a phrase of place, time or dose between it and the verb
    head = next((k for k in range(lo, min(lo + 3, j - 1)) if _treats(tokens[k].low)
                 and tokens[k + 1].low in SUBJECT_PHRASES and not any(t.low in PREPOSITIONS for t in tokens[lo:k])), None)
    if head is not None and not _treats(tokens[j].low) and j - head <= 9 \
            and (word.endswith("ed") or word in IRREGULAR_PAST | EFFECT_VERBS) and not any(
            t.low in PHRASE_STOPS or t.low in AUXILIARIES or t.low in NOT_EFFECTS or t.low.endswith("ed")
            or _person(t.low) for t in tokens[head + 1:j + 1]):
        j = head
    elif not _treats(tokens[j].low) and not (gerund_led and (word.endswith("ed") or word in EFFECT_VERBS | IRREGULAR_PAST)):
        return False
    else:
        head = None
    gerund_subject = tokens[lo].low.endswith("ing") and tokens[lo].text[0].isupper() and j - lo <= 6 \
        and not any(t.low in {",", "who", "which", "that"} for t in tokens[lo:j])
    if j > lo and any(t.low in {"completing", "receiving", "taking", "using", "attending", "finishing", "undergoing",
                                "starting", "after", "before", "during"} for t in tokens[max(lo, j - 3):j]):
        return False  # "subjects completing the therapy attained some relief": the people acted
    if not gerund_subject and head is None and any(t.low in PREPOSITIONS - {"and", ",", "both"} or t.low in {"who", "which", "that", "whom"}
                                  for t in tokens[max(lo, j - 4):j]):
        return False  # "parents in the program rated...": the treatment is not the subject
    if not _object_follows(tokens, i, hi) or {t.low for t in tokens[i + 1:i + 3]} & RESEARCH_OBJECTS - {"the", "our", "this"} \
            or tokens[i + 1].low in COMPARATIVES:  # "scored higher": what was measured
        return False
    if {t.low for t in tokens[i + 1:i + 4]} & {"risk", "risks", "danger", "dangers", "concerns"}:
        return False  # "ibogaine brings genuine cardiac risks": a risk named, not an effect claimed
    # "ketamine users became", "MDMA samples were", "ayahuasca ceremonies run by": a plural noun,
    # the verb (or a participle) comes next
    after = tokens[i + 1].low
    return not (after in VERB_NEXT or after in FINITE_NEXT or after in REPORTS or after.endswith("ed")
                or _noun_before_participle(tokens, i, hi))


# Past participles that open a phrase after a noun ("ceremonies run by", "drops used at")
PHRASE_PARTICIPLES = {"run", "given", "held", "led", "made", "done", "taken", "set", "put", "sold", "known", "seen",
                      "shown", "built", "taught", "kept", "found", "brought", "written", "grown", "worn", "drawn"}


def _noun_before_participle(tokens: list[_Token], i: int, hi: int) -> bool:
    """A plural noun with a participle phrase after it ("the drops used at your eye screening",
    "ceremonies run by a healer"): the -s word is the noun, not a verb taking an object."""
    word = tokens[i].low
    if not (word.endswith("s") and not word.endswith("ss")) or i + 2 > hi:
        return False
    participle = tokens[i + 1].low
    return (participle in PHRASE_PARTICIPLES or (participle.endswith("ed") and participle.isalpha())) \
        and tokens[i + 2].low in PREPOSITIONS - {",", "and", "or", "but"}


def _order_at(tokens: list[_Token], i: int, lo: int) -> bool:
    """Whether the bare verb at i gives the reader an order, not a finding: at its clause's start
    ("Sort out your sleep", "Get your son into a detox unit"), after "then" or "please" ("Soak your
    feet, then wear down the hard skin"), or joined by "and"/"or" to the order that opens the
    sentence ("Book a check and get your mum into ...")."""
    if tokens[i].low.endswith(("s", "ed", "ing")):
        return False
    before = tokens[i - 1].low if i > lo else ""
    return i == lo or before in {"then", "please"} or (
        before in {"and", "or"} and lo == 0 and tokens[0].text[:1].isupper() and not tokens[0].low.endswith(("s", "ed", "ing"))
        and tokens[0].low not in DETERMINERS and not _people_word(tokens[0].low))


def _imperative_object(tokens: list[_Token], i: int, lo: int) -> bool:
    """An -s word in the noun phrase right after an order that opens the clause ("Skip your glaucoma
    drops the week before"): the object of the order, a noun."""
    word = tokens[i].low
    if lo < i and tokens[lo].low in {":", ";"}:
        lo += 1  # the clause after a colon: "Text alert: put your baby's drops ..."
    elif lo > 0:
        return False  # after "but", "while": not an order opening the sentence
    if not (word.endswith("s") and not word.endswith("ss")) or i - lo > 4 or i == lo:
        return False
    if tokens[lo].low not in ADVICE_VERBS | ERRANDS | {"give"}:
        return False
    return all(t.low.isalpha() and t.low not in {"that", "which", "who", "it", "they", "and", "or", "to"}
               for t in tokens[lo + 1:i])


# "antimalarial activity", "parasite suppressive properties": what a substance was shown to do
ACTIVITIES = {"activity", "activities", "property", "properties", "action", "actions"}


def _acting_on(word: str) -> bool:
    return (word.startswith("anti") and len(word) > 6 and not word.startswith("anticip")) \
        or word.endswith(("suppressive", "protective", "cidal", "static"))


# Words that put a claim in a seller's mouth ("marketed as a safe ...", "touted as harmless")
MARKETED = {"marketed", "advertised", "touted", "promoted", "billed", "pitched", "hyped", "sold", "selling", "sells",
            "marketing", "touting", "promoting", "advertising", "billing", "peddled", "peddling"}
# ... or in anyone's praise ("has been advocated as a relatively safe and effective treatment")
PRAISED = MARKETED | {"advocated", "championed", "hailed", "portrayed", "recognized", "recognised"}
NOT_QUOTED = NOT_EFFECTS | REPORTS | FINDINGS | RESEARCH_AIMS | PRAISED | {
    # what a literature search did ("the search returned 1,204 records"), what was advised
    "returned", "yielded", "retrieved", "identified", "screened", "searched", "advised",
    # what a diagnosis or a manual does ("coded by DSM-V", "characterized by", "diagnosed by x-ray", "as expected")
    "coded", "characterized", "characterised", "diagnosed", "expected", "operated", "considered", "suffered",
    # what was published, or left untreated ("previous published studies", "If untreated, ...")
    "published", "untreated"} | BELIEVED_TO  # and what was believed ("are proposed to be a result of")
# What must be done is no claim that it is ("It is essential that clinics provide effective pain relief")
NECESSITY = {"essential", "important", "must", "should", "need", "needs", "vital", "crucial", "necessary", "ought"}


def _verb_of_effect(word: str) -> bool:
    """A word worth quoting for a claim the learned reader found: a verb of effect or an -ed form;
    not "MDMA-assisted" or "family-based" (adjectives), nor "reported" or "assessed" (research)."""
    return "-" not in word and word not in NOT_QUOTED and word not in PARTICLE_ONLY and word not in RESEARCH_STEPS and (
        word in EFFECT_VERBS or word in IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4))


SAFETY_TALK = {"risk-free", "safe", "harmless", "danger", "dangers", "dangerous", "riskless", "tolerated"}


def _cautioned(tokens: list[_Token]) -> bool:
    """Does the sentence deny or hedge a treatment's safety ("far from risk-free", "is not
    harmless", "seems fairly safe")? Worked out once a sentence."""
    return any(t.low in SAFETY_TALK and (any(w.low in NEGATIONS | SAFETY_HEDGES or w.low.endswith("n't")
                                             for w in tokens[max(0, k - 5):k])
                                         or [w.low for w in tokens[max(0, k - 2):k]] in FAR_FROM)
               # "No psychedelic comes without risk": a risk affirmed by two negatives
               or t.low in {"risk", "risks"} and k > 0 and tokens[k - 1].low == "without"
               and any(w.low in {"no", "nothing", "never", "not"} for w in tokens[max(0, k - 6):k - 1])
               for k, t in enumerate(tokens))


def _warned(tokens: list[_Token], i: int, lo: int, cautioned: bool) -> bool:
    """A possible effect ("can trigger panic", "can knock the heart's rhythm off course") in a
    sentence that denies or hedges safety: a warning of harm, the opposite of a promise, and no
    claim that a study showed it. Not "This safe gel can cure eczema"."""
    if not cautioned:
        return False
    j = _back_past_adverbs(tokens, i, lo, most=3)
    return lo <= j < i and tokens[j].low in {"can", "could"}


# What says a question is still open ("What caused the outbreak remains unknown")
OPEN_ANSWERS = {"unknown", "unclear", "uncertain", "unexplained", "unanswered", "debated", "disputed", "mystery", "obscure",
                "underexplored", "unexplored", "understudied", "unstudied"}
# A cause named as none ("The most common cause ... was idiopathic")
NO_CAUSE_FOUND = {"idiopathic", "unidentified", "undetermined", "cryptogenic"} | OPEN_ANSWERS


COPULAS = {"is", "are", "was", "were"}
# What "is down to" names that is no cause: who decides, a choice, a figure ("It's down to you", "down to personal preference")
NOT_DOWN_TO = {"you", "zero", "nothing", "personal", "preference", "choice", "taste", "individual", "individuals",
               "handful", "few", "minimum", "fraction", "trickle", "half", "third", "quarter", "single", "last", "under", "just",
               "normal", "target", "about", "around", "roughly", "nearly", "almost", "earth", "baseline"}


def _people_play(tokens: list[_Token], lo: int, i: int) -> bool:
    """Whether people head the subject of "play(s) ... role" before i ("Community health workers play
    crucial roles"; not "The support of healthcare professionals plays a key role": the support plays it)."""
    k = next(k for k in range(i - 1, lo - 1, -1) if tokens[k].low in {"play", "plays", "played", "playing"})
    for t in tokens[lo:k]:
        if t.low in {"of", "from", "by", "with", "for"}:
            return False
        if _people_word(t.low) or _professional(t.low) or _care(t.low):
            return True
    return False


def _announces(tokens: list[_Token], j: int, lo: int) -> bool:
    """Whether "what" at j announces a finding ("What the researchers found is that ...", ", what
    turned things around", "Night shifts are what drove up ...", "that's what gave me the headaches")
    rather than opening a question; after a contracted copula only with an object after its verb
    (not "That's what improved: sleep")."""
    if j == lo or tokens[j - 1].low == ",":
        return True
    k = _copula_at(tokens, j, lo)
    return k is not None and (tokens[k].low in COPULAS or (
        j + 2 < len(tokens) and tokens[j + 2].low.isalpha() and tokens[j + 2].low not in PREPOSITIONS | {"most", "least", "more", "less"}))


def _copula_at(tokens: list[_Token], i: int, lo: int) -> int | None:
    """Where "is", "are", "was" or "were" stands right before token i, but for adverbs ("is
    honestly what"), within the clause that starts at lo; None if it does not."""
    k = i - 1
    while k > lo and _adverb(tokens[k].low):
        k -= 1
    return k if k >= lo and (tokens[k].low in COPULAS or tokens[k].low.replace("’", "'") in {"that's", "it's", "this's"}) else None


# Factors that make a disease worse or add to it ("an aggravating factor for", "a primary contributing factor.")
WORSENING = {"aggravating", "exacerbating", "contributing", "contributory"}
CAUSAL_ADJECTIVES = {"causative", "causal", "aetiological", "etiological", "aetiologic", "etiologic", "precipitating",
                     "triggering"}
# What may stand before "causes" at the head of a clause: "The main clinical causes of ..."
CAUSES_HEAD = CAUSE_RANKS | CAUSAL_ADJECTIVES | {"the", "other", "clinical", "most", "usual", "typical", "and", "but", "its",
                                                 "one", "of",  # "One of the causes of this condition is ..."
                                                 "their", "underlying", "medical", "environmental", "identifiable", "identified"}
LISTING = {"include", "includes", "included", "including", "are", "were", "comprise", "comprises", "range"}
# Outcomes counted, whose "causes" are reasons people gave or records named, not what a cause does
COUNTED_OUTCOMES = {"dropout", "dropouts", "discontinuation", "withdrawal", "withdrawals", "admission", "admissions",
                    "readmission", "readmissions", "hospitalisation", "hospitalization", "death", "deaths", "attrition",
                    "non-attendance", "absence", "absences", "delay", "delays", "complaints", "exclusion", "exclusions"}


# What is used to find things out, not to treat: "The survey was used successfully to gather views"
INSTRUMENTS = {"survey", "surveys", "questionnaire", "questionnaires", "scale", "scales", "tool", "tools", "app", "apps",
               "software", "instrument", "instruments", "interview", "interviews", "checklist", "form", "forms", "database",
               # and a study's ways of working ("The same recruitment strategy was used successfully")
               "strategy", "protocol", "guidance", "recruitment", "design"} | MODELS


def _used_successfully(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """Whether "used" at i is a treatment said to have worked: "has been used successfully in some
    patients", "was successfully used in spinal surgery"; not what can be used ("can be used
    successfully": a possibility), nor an instrument of the research."""
    near = {t.low for t in tokens[max(lo, i - 3):min(i + 3, hi + 1)]}
    return "successfully" in near and not near & {"can", "could", "may", "might"} \
        and not {t.low for t in tokens[lo:i]} & INSTRUMENTS \
        and not any(tokens[m].low == "to" and tokens[m + 1].low in RESEARCH_STEPS | ASKING | {"measure", "recruit", "collect"}
                    for m in range(i + 1, min(i + 4, hi)))  # "was used successfully to measure sweat chloride"


# What someone began or did, in "Since I started ...", "Since my son switched to ...", "Since the ward put ..."
BEGAN = {"started", "starting", "began", "begun", "beginning", "switched", "switching", "put", "opened", "introduced",
         "took", "taking", "joined", "added", "brought", "tried", "using", "stopped", "quit", "cut"}
# What a study's limitation acts on ("This limits the generalisability of our findings")
RESEARCH_LIMITS = {"generalisability", "generalizability", "power", "interpretation", "findings", "results", "bias",
                   "validity", "precision", "conclusions", "inference", "inferences", "applicability"}
# Times of life and of the world, not treatments ("Since my daughter started school", "Since the pandemic began")
LIFE_EVENTS = {"school", "university", "college", "nursery", "work", "job", "pandemic", "lockdown", "war", "retirement",
               "retired", "pregnancy", "puberty", "menopause", "marriage", "divorce", "moved", "born", "birth"}
# What changes in the clause after it
# (with VANISHED and COMPARATIVES, which _since_started reads too)
CHANGED = {"stopped", "dropped", "gone", "slashed", "halved", "eased", "improved", "settled", "fallen", "fell", "shrunk",
           "shrank", "calmed", "cleared", "healed", "softened", "nobody", "never"}


def _since_comma(tokens: list[_Token], hi: int) -> int | None:
    """The comma that ends an opening "Since ...," (within its first eighteen words), or None."""
    return next((k for k in range(2, min(hi, 18)) if tokens[k].low == ","), None)


def _since_a_time(tokens: list[_Token], comma: int | None) -> bool:
    """Whether an opening "Since ...," up to the comma at `comma` names a date, a time of life or a
    study begun ("Since 2015,", "Since my son started school,", "Since the trial began,"), not a
    treatment; False where there is no such comma."""
    if comma is None:
        return False
    opening = {t.low for t in tokens[1:comma]}
    return bool(opening & (STUDY_NOUNS | LIFE_EVENTS | {"then", "that"})) or any(re.fullmatch(r"(19|20)\d\d", w) for w in opening)


def _since_started(tokens: list[_Token], hi: int) -> bool:
    """Whether "Since ..." opening a sentence says that something begun brought a change: something
    begun or done before the comma ("Since I switched to the injectable methotrexate,"), a change
    after it ("my knuckles have stopped swelling"), no hedge anywhere. Not "Since then, many studies
    have reported", "Since the 1960s, carbamazepine is the drug of choice", nor a reason ("Since
    the disease may be life-threatening, ...")."""
    comma = _since_comma(tokens, hi)
    if comma is None or any(t.low in HEDGES for t in tokens[:hi + 1]) \
            or any(_negating(t.low) for t in tokens[:comma]):
        return False
    opening = {t.low for t in tokens[1:comma]}
    if _since_a_time(tokens, comma) \
            or not (opening & BEGAN or not opening & (COPULAS | AUXILIARIES) and any(_treats(w) for w in opening)):
        return False  # "Since the trial started in 2015", "Since the pandemic began", "Since the treatment is
        # cheaper": a date, a time of life, a reason
    return any(t.low in CHANGED or t.low in COMPARATIVES | VANISHED or t.low.endswith("n't") for t in tokens[comma + 1:hi + 1])


# What names a cause at the end of "X is the (most common) ...": "the main cause.", "another
# cause.", "the most common culprits", "the most common etiologic factor"
CAUSE_AT_END = {"cause", "causes", "culprit", "culprits", "trigger", "triggers"}


def _cause_at_end(tokens: list[_Token], i: int, lo: int, hi: int, bracketed: set[int]) -> int | None:
    """Where "the (main) cause" starts when a clause ends on it after a copula ("the fungal
    infection remains the main cause.", "Scar tissue is another cause.", "Infection was the most
    common cause (23%), followed by ..."), or at a cause ranked before "in" or "here" ("is the cause
    in most children"); None otherwise (not "What matters most is the cause", "the cause is unknown")."""
    word = tokens[i].low
    if not (word in CAUSE_AT_END or word in {"factor", "factors"} and i > lo and tokens[i - 1].low in CAUSAL_ADJECTIVES | WORSENING) \
            or i <= lo + 1:
        return None
    if not (i == hi or tokens[i + 1].low in {",", ".", ";", "in", "here"}
            or (i + 1 in bracketed and tokens[i + 1].low[:1].isdigit())):
        return None
    k = i - 1
    while k > lo and (tokens[k].low in CAUSE_RANKS | CAUSAL_ADJECTIVES | WORSENING | {"most", "identifiable", "identified", "other"}):
        k -= 1
    if not (tokens[k].low in {"the", "another"} or tokens[k].low in {"a", "an"} and k < i - 1 and word not in CAUSE_WORDS) \
            or (word not in CAUSE_WORDS and k == i - 1):  # (not "Mental health is an important cause.": a charity's)
        return None  # (a trigger, a culprit or a factor only when ranked: "the most common culprits")
    if tokens[_back_past_adverbs(tokens, k, lo)].low not in COPULAS | {"remains", "remain", "remained", "be"} \
            or tokens[lo].low == "what" or {t.low for t in tokens[lo:i]} & (OPEN_SUBJECTS | {"which", "whether"}):
        return None  # (nor "What matters most is the cause", "Researchers are studying which gene is the main culprit": a question)
    return k


def _causes_listed(tokens: list[_Token], i: int, lo: int, hi: int) -> int | None:
    """Where the verb stands in "(The main) causes (of X) include/are Y, Z": causes named as known, at
    the head of the clause; None otherwise (not "the causes were unknown", "causes may be", "other
    causes of death were excluded", nor "ketamine causes ...", where "causes" is a verb)."""
    if not all(t.low in CAUSES_HEAD for t in tokens[lo:i]) \
            or (i > lo and tokens[i - 1].low in {"and", "but"} and i - 1 > lo):
        return None
    k = i + 1
    if k + 1 <= hi and (tokens[k].low == "of" and ({t.low for t in tokens[k + 1:min(k + 4, hi + 1)]} & (VISITS | COUNTED_OUTCOMES)
                                                   or tokens[k + 1].low == "hospital")
                        or tokens[k].low == "for" and tokens[k + 1].low in CONCERNS):
        return None  # "causes of consultation", "causes of dropout", "causes for concern": why people came or left
    if {t.low for t in tokens[i + 1:min(i + 5, hi + 1)]} & {"bias", "error", "errors", "heterogeneity", "confounding"}:
        return None  # "The main causes of potential bias are ...": the research's, not a disease's
    # "The cause of croup is primarily parainfluenza", "One of the causes of this condition is ..."
    verbs = LISTING | ({"is", "was"} if not tokens[i].low.endswith("s") or tokens[lo].low == "one" else set())
    if k <= hi and tokens[k].low in {"of", "for"}:
        k += 1
        while k <= hi and k <= i + 10 and tokens[k].low not in verbs and tokens[k].low not in {",", ";", ":"}:
            k += 1
    if k > hi - 1 or tokens[k].low not in verbs:
        return None
    after = tokens[k + 1].low
    if {t.low for t in tokens[i + 1:k]} & {"response", "rate", "rates", "survey", "study", "trial"} \
            or {t.low for t in tokens[k + 1:min(k + 4, hi + 1)]} & {"limitation", "limitations", "what"}:
        return None  # "The cause of the low response rate is a limitation of this survey": the research's
    if after in RESEARCH_QUESTIONS | HEDGES | NEGATIONS | NO_CAUSE_FOUND | {"many", "multiple", "numerous", "varied", "various", "complex",
                                                            "multifactorial", "poorly", "still", "largely", "excluded", "as"} \
            or after in PREPOSITIONS or (after.endswith("ed") and after not in {"inadequate"}):
        return None
    return k


def _words_until_mark(tokens: list[_Token], start: int, end: int) -> list[_Token]:
    """tokens[start:end], cut at the first that is not a word ("not enough, the data showed, ...")."""
    out = []
    for t in tokens[start:end]:
        if not t.low[:1].isalpha():
            break
        out.append(t)
    return out


def _open_after(tokens: list[_Token], k: int, hi: int) -> bool:
    """After the copula at k (skipping adverbs), a word saying the matter is open ("is largely unstudied")."""
    j = k + 1
    while j <= hi and j <= k + 3 and _adverb(tokens[j].low):
        j += 1
    return j <= hi and tokens[j].low in OPEN_ANSWERS


def _can_be_done_with(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """"can (only) be treated (nonsurgically) with/by X": what a treatment can do, stated as known
    ("can" is no hedge); not "could be treated", nor "patients were treated with X" (what was given)."""
    k = i - 1
    while k > lo and _adverb(tokens[k].low):
        k -= 1
    if not (k > lo and tokens[k].low == "be" and tokens[k - 1].low == "can"):
        return False
    for j in range(i + 1, min(hi, i + 5)):  # "treated nonsurgically with", "treated at home with"
        if tokens[j].low in {"with", "using"}:
            return True
        if tokens[j].low == "by":  # not "can be treated by a pharmacist": who gives the care
            after = tokens[j + 2].low if tokens[j + 1].low in {"a", "an", "the", "your", "their"} and j + 2 <= hi else tokens[j + 1].low
            return not (_people_word(after) or _care(after) or _named_by_role(after) or _named_by_role(after + "s"))
        if tokens[j].low in {",", ";", "and", "or", "but"}:
            return False
    return False


# What someone did to a problem, after "is how I": "is how I beat the pain", "how she overcame her
# insomnia" (with the verbs of effect and the irregular pasts; not "how I booked", "how I joined")
OVERCAME = {"beat", "caught", "quit", "lost", "overcame", "shifted", "shed", "kicked", "ditched", "conquered", "fixed",
            "cured", "stopped", "shook", "got"} | EFFECT_VERBS | IRREGULAR_PAST | CLEFT_PAST
# What a cause is behind ("was behind the rise in cases"): changes and harms, not places
BEHIND_WHAT = {"rise", "rises", "increase", "increases", "surge", "spike", "jump", "growth", "outbreak", "outbreaks",
               "epidemic", "wave", "problem", "problems", "pain", "pains", "symptoms", "trouble", "troubles", "majority",
               "bulk", "drop", "fall", "decline", "improvement", "improvements", "change", "changes", "deaths", "death",
               "injuries", "injury", "cases", "flare", "flares", "attacks", "cough", "rash", "headaches", "headache",
               "fatigue", "collapse", "infections", "infection", "recovery", "relapse", "relapses", "success", "failure"}


def _means_cleft(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """At "how" after a copula: a way of doing things said to be how someone changed ("Drinking
    less tea before bed is how I stopped wetting the bed", "Those foot-spa sessions are how I
    caught the fungus"); not "This is how we did it", nor "is how I learned about the trial"."""
    k = i + 1
    if k > hi or tokens[lo].low in {"this", "that", "it", "here", "which", "what", "so", "and", "but"}:
        return False
    if tokens[k].low in POSSESSIVES:
        # "is how my son kicked ...", "is how my little boy beat ..."
        k = next((m for m in range(k + 2, min(k + 4, hi + 1)) if tokens[m].low in OVERCAME), hi + 1)
    elif tokens[k].low in {"i", "we", "he", "she", "they"} or tokens[k].text[:1].isupper():
        k += 1
    else:
        return False
    while k <= hi and _adverb(tokens[k].low):
        k += 1
    return k <= hi and tokens[k].low in OVERCAME and _object_follows(tokens, k, hi)


def _cause_behind(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """At "behind" after a copula: what is behind a harm or a share of cases ("Hours hunched over a
    laptop are behind most of the tension headaches", "The chlorine fumes were behind Jamie's
    breathlessness"); not a place ("The cyst is behind the knee"), a lag ("behind schedule"),
    people's doing ("Our son is behind his classmates", "The charity is behind the campaign"): what
    is behind must be a harm, a change or a share of cases (BEHIND_WHAT)."""
    if _copula_at(tokens, i, lo) is None or i + 1 > hi or tokens[lo].low in {"there", "here"}:
        return False
    after = [t.low for t in tokens[i + 1:min(i + 6, hi + 1)]]
    head = _clause_head(tokens, lo, i)
    if _names_people(after) or _people_word(head) or head in SERVICES \
            or tokens[lo].low in OBJECT_PRONOUNS | {"i", "we", "you", "he", "she", "they"}:
        return False  # "Our son is behind his classmates", "The charity is behind the campaign"
    if after[0] in {"most", "many", "much", "half", "some", "nearly", "almost", "about", "around"}:
        return True  # "behind most of the tension headaches"
    # "behind Jamie's breathlessness", "behind the drop in repeat heart attacks": a harm or a change
    if not (after[0].endswith("'s") or after[0] in POSSESSIVES | {"the", "this", "that", "these", "those", "a", "an"}):
        return False
    return any(w in BEHIND_WHAT or w.endswith(("ness", "ache", "aches", "itis")) for w in after[1:4]) \
        or (after[0].endswith("'s") or after[0] in POSSESSIVES) and len(after) > 1 and after[1].endswith("ing")


def _cleft_verb(tokens: list[_Token], i: int, hi: int) -> bool:
    """After "is what": a verb of effect with its object ("what drove up", "what finally got")."""
    k = i + 1
    while k <= hi and _adverb(tokens[k].low):
        k += 1
    if k > hi:
        return False
    verb = tokens[k].low
    if verb in PHRASAL and k + 2 <= hi and tokens[k + 1].low in PHRASAL[verb] and tokens[k + 1].low not in {"from", "in"}:
        return True  # "is what set off Mila's sore hip", "that brought on the flare"
    if verb in {"got", "gets", "put", "puts", "kept", "keeps", "brought", "brings", "carried", "carries", "saw", "sees"} \
            and {t.low for t in tokens[k + 2:min(k + 8, hi + 1)]} & {"back", "through", "out", "off", "over", "into"}:
        return True  # "is what got my brother through his first fortnight", "that put my heart back into rhythm"
    if verb in {"took", "takes", "take"} and {t.low for t in tokens[k + 2:min(k + 6, hi + 1)]} & {"out", "away", "off"} \
            and {t.low for t in tokens[k + 1:min(k + 4, hi + 1)]} & FELT:
        return True  # "that took the burning out of my calf", "is what takes the edge off" (not "took the stitches out")
    if verb in {"kept", "keeps", "stopped", "stops"} and any(t.low == "from" for t in tokens[k + 2:min(k + 6, hi + 1)]):
        return True  # "is honestly what kept Dev and me from splitting"
    if verb in {"got", "gets"} and k + 2 <= hi and (_people_word(tokens[k + 1].low) or tokens[k + 1].text[0].isupper()
                                                  or tokens[k + 1].low in OBJECT_PRONOUNS) and tokens[k + 2].low.endswith("ing"):
        return True  # "are what got Saoirse eating toast again"
    if verb in {"let", "lets", "helped"} and k + 2 <= hi and (_people_word(tokens[k + 1].low) or tokens[k + 1].text[0].isupper()
                                                            or tokens[k + 1].low in OBJECT_PRONOUNS):
        return True  # "were what finally let Tom sleep through the night"
    if verb in MAKES and k + 2 <= hi and (tokens[k + 1].low in OBJECT_PRONOUNS | POSSESSIVES
                                          or _names_people([t.low for t in tokens[k + 1:k + 3]])):
        return True  # "is what makes babies so miserable", "that makes these babies bring up every feed"
    if verb.endswith("s") and not verb.endswith("ss") and verb[:-1] in EFFECT_VERBS | CLEFT_PRESENT and k + 1 <= hi \
            and (tokens[k + 1].low in OBJECT_PRONOUNS | POSSESSIVES | PARTICLES or tokens[k + 1].low in {"most", "the", "all", "every"}):
        return True  # "is what tips me into clenching", "is what kicks off most of my episodes"
    return (verb in EFFECT_VERBS or verb in IRREGULAR_PAST | CLEFT_PAST or (verb.endswith("ed") and verb.isalpha())) \
        and verb not in NOT_QUOTED | {"happened", "occurred", "mattered", "counted", "needed", "wanted", "expected", "measured"} \
        and _object_follows(tokens, k, hi)


# What a factor brings about ("the main factors for the development of these lesions"), not a choice it decides
ONSETS = {"development", "initiation", "progression", "onset", "occurrence", "formation", "recurrence", "emergence",
          "genesis", "pathogenesis", "worsening", "persistence"}
# What follows a harm's name when the harm names a measure or a service ("the source of pain ratings",
# "a source of pain relief")
MEASURED_OF = {"ratings", "rating", "scores", "score", "relief", "control", "management", "guidance", "data", "medication",
               "medicines", "clinic", "services", "assessment", "scales"}
# What a source is the source of that is a harm, not data ("the source of pain and tenderness")
PAINS = {"symptoms", "bleeding", "infection", "infections", "discomfort", "tenderness", "irritation", "inflammation",
         "morbidity", "disability"}
# What a treatment takes out or away that is felt ("took the burning out of my calf")
FELT = {"pain", "burning", "ache", "aching", "itch", "itching", "sting", "edge", "fear", "worry", "anxiety", "stress",
        "tension", "heat", "misery", "dread", "panic", "soreness", "throbbing", "swelling", "spasm", "spasms", "cramps"}
# Present-tense verbs that say what a cause does after "is what" ("is what tips me into", "kicks off")
CLEFT_PRESENT = {"tip", "kick", "send", "carry", "keep", "bring", "throw", "push", "pull"}


# ", the tabloid insists.", ", participants at the lodge were told.": the whole sentence is what
# someone declared, not what a study found ("..., this cohort shows" is a finding and stays)
DECLARING = {"insists", "insisted", "declares", "declared", "claims", "claimed", "swears", "swore", "boasts",
             "boasted", "promises", "promised", "argues", "argued", "believes", "believed", "tells", "told", "say", "says",
             "said", "reckon", "reckons", "wrote", "writes", "posted", "posts", "recalls", "recalled"}


# What a name felt or feels, a belief about what happened to them when a clause follows ("Graham
# feels the clinic has given him his spark back", _named_speaker)
FEELING = {"felt", "feels"}
# What a name says before its report ("Gary reckons ...", _named_speaker): a declaration's verbs
SPEAKING = DECLARING | {"reckoned", "thinks"}


# Sources that make a declaration a finding when named at a sentence's end (", this cohort shows")
FINDING_SOURCES = SOURCES_NOT_PEOPLE - {"brochure", "flyer", "leaflet", "advert", "advertisement", "website", "site", "page"}


# What opens a concession at a sentence's end: ", whatever the critics say", ", regardless of what"
CONCEDING = {"whatever", "whoever", "regardless", "despite", "whichever"}


def _declared(tokens: list[_Token]) -> bool:
    """Is the sentence someone's declaration, said at its end (", the tabloid insists")?"""
    n = len(tokens)
    end = n - 1 if n and tokens[-1].low in {".", "!"} else n
    for k in range(max(1, end - 8), end):
        if tokens[k].low == "," and end - k >= 3:
            tail = [t.low for t in tokens[k + 1:end]]
            if tail[0] in CONCEDING or tail[:2] == ["no", "matter"]:
                continue  # ", whatever the sceptics say": said in spite of others, by the writer
            # ", the tabloid insists", or the speaker after the verb: ", say thousands of online reviewers"
            if (tail[-1] in DECLARING and (tail[-1] != "told" or tail[-2:-1] in (["were"], ["was"], ["been"]))
                    or tail[0] in DECLARING - {"told", "tells"}) and not set(tail) & FINDING_SOURCES:
                return True
            # ", her therapist told the podcast host", ", his sister claims on the radio", ", the
            # hospice nurse wrote in the newsletter": a speaker, the verb, then to whom or where
            said = next((m for m in range(1, len(tail)) if tail[m] in DECLARING), None)
            if said is not None and tail[said - 1].isalpha() and tail[said - 1] not in {"that", "it", "which", "who", "study", "trial"} \
                    and (said + 1 == len(tail) or tail[said + 1] in {"the", "a", "an", "on", "in", "to", "at", "us", "me", "him",
                                                                    "her", "them", "reporters", "journalists"}) \
                    and "that" not in tail[said + 1:] and not set(tail[:said]) & FINDING_SOURCES \
                    and not set(tail[said + 1:]) & {"prove", "proves", "proved", "show", "shows", "showed", "numbers", "figures",
                                                    "data", "results", "records"}:  # "the head says the numbers prove it"
                return True
    return False


# What research does to an effect: "elucidating ketamine's effects", "on ketamine's effects"
# Nouns a treatment's purpose can name ("rescue medication", "rescue therapy")
NAMED_BY_USE = {"medication", "medications", "medicine", "medicines", "therapy", "therapies", "treatment",
                "treatments", "dose", "doses", "analgesia", "analgesic", "analgesics", "drug", "drugs", "inhaler",
                "inhalers", "protocol", "team", "teams", "breathing", "ventilation"}
# Verbs whose object can open with a participle used as an adjective ("received optimized care")
GOT_OR_USED = {"received", "receive", "receives", "receiving", "underwent", "undergo", "undergoes", "got", "get", "gets",
               "analyzes", "analyses", "analyzed", "analysed", "analyze", "analyse",
               "offered", "offers", "compared", "compares", "examined", "examines", "measured", "measures",
               "assessed", "assesses", "reviewed", "reviews", "describes", "described"}
# What was done to an outcome in a study, not what a treatment did: "drug effects were monitored"
WATCHED = {"monitored", "measured", "assessed", "recorded", "evaluated", "examined", "rated", "documented",
           "observed", "tracked", "checked", "collected", "compared", "quantified", "analysed", "analyzed", "modelled",
           "modeled", "estimated", "calculated"}
STUDYING = {"elucidating", "studying", "examining", "investigating", "understanding", "exploring", "assessing",
            "evaluating", "measuring", "characterizing", "characterising", "comparing", "testing", "mapping"}


def _modifier(word: str) -> bool:
    """A word that goes before a noun: "substantial benefit from", "the benefit from", "no benefit from"."""
    return word in DETERMINERS | NOMINAL_NEGATIONS | ADVERBS | {"any", "some", "much", "more", "most", "little", "real",
                                                             "only", "great", "greater", "major", "clear", "this"} \
        or word.endswith(("al", "ant", "ive", "ful", "ous", "ic", "ed", "est", "ble")) or not word.isalpha()


# "... are still subject to debate": what is open, not what was shown
OPEN_QUESTION = {"debate", "debated", "unclear", "unknown", "uncertain", "controversial", "unresolved", "unexplored",
                 "questioned", "questionable", "disputed", "contested"}
# After "The effect of X ...": what leaves the effect in doubt ("... remains unclear", "... were
# non-significant", "... has not been established")
EFFECT_DOUBTED = HEDGES - {"whether", "if"} | NEGATIONS - {"not"} | OPEN_QUESTION | {
    "small", "remains", "remain", "negligible", "poorly", "lacking", "sparse", "scarce", "insufficient", "understudied",
    "conclusions", "non-significant", "nonsignificant", "insignificant", "null"}
# What may open a clause before "Due to ...," and leave it the clause's opening ("In conclusion, due to
# the heterogeneity of the studies, ...", "..., but due to the diversity of the studies, ...")
OPENERS = {",", "in", "conclusion", "summary", "sum", "short", "but", "and", "yet", "so"}  # with LINKING (below)
LINKING = {"however", "moreover", "furthermore", "overall", "importantly", "notably", "thus", "therefore", "additionally",
           "finally", "also", "indeed", "consequently", "hence", "together", "collectively", "altogether", "similarly",
           "likewise"}


DOSED = {"treated", "dosed", "given", "injected", "fed", "exposed", "pretreated", "administered", "infused"}
# Finite verbs that show the word before them is a noun, their subject ("AAA repair was higher",
# "the THI decrease depended on", "Negative impacts included", "the health benefits accumulate")
FINITE_NEXT = {"is", "are", "was", "were", "has", "have", "had", "depended", "depends", "varied", "varies", "differed",
               "differs", "remained", "remains", "included", "includes", "occurred", "occurs", "seemed", "seems",
               "appeared", "appears", "accumulate", "accumulated", "accrue", "accrued", "persisted", "persist",
               "lasted", "emerged", "did", "does", "can't", "cannot", "won't", "can", "will", "may", "might", "should",
               "must", "would", "could", "include", "carry", "offer", "come", "contain",
               # "Melatonin gummies couldn't harm a fly", "twelve mediation evenings never shifted the standoff"
               "couldn't", "don't", "doesn't", "didn't", "wouldn't", "shouldn't", "mustn't", "isn't", "aren't", "wasn't",
               "weren't", "haven't", "hasn't", "never"}
# "Ear drops can't do any harm", "dietary triggers include wheat", "Ayahuasca brews carry ...": the
# noun, then its verb
PARTICLE_ONLY = {"speed": "up", "speeds": "up", "ward": "off", "wards": "off"}
RESEARCH_STEPS = {"needed", "conducted", "performed", "excluded", "analysed", "analyzed", "required",
                  "finished", "enrolled",
                  "recommended", "chosen", "warranted", "calculated", "pooled", "adjusted", "stopped", "terminated",
                  "interpreted", "caution", "cautiously", "screened"}


def _opens_with_creatures(tokens: list[_Token], lo: int) -> bool:
    """Does the clause open with people or animals ("Mice that died ...", "Patients who ...")?"""
    return any(t.low in CREATURES or _person(t.low) for t in tokens[lo:lo + 2])


SUBJECT_PHRASES = {"on", "for", "with", "in", "at", "during", "over", "from", "of", "via", "before", "after"}
PHRASE_STOPS = {",", ";", ":", "who", "which", "that", "whom", "whose", "and", "or", "but", "than", "as", "to"}
VERB_NEXT = AUXILIARIES | {"include", "includes", "included", "including", "should", "must", "can", "could", "may", "might", "will", "would", "became", "become",
                           "becomes", "went", "go", "remain", "remained", "seem", "seemed", "had", "have", "has",
                           "did", "do", "does", "say", "said", "show", "showed", "report", "reported", "took",
                           "take", "felt", "feel", "made", "make", "got", "tend", "tended", "need", "exist"}


SHOWING = {"showed", "shows", "demonstrated", "demonstrates", "achieved", "achieves", "yielded", "yields", "yield",
           "produced", "produces", "elicited", "induced"}
OUTCOMES = {"response", "responses", "remission", "healing", "improvement", "improvements", "reduction", "reductions", "efficiency",
            "benefit", "benefits", "efficacy", "effectiveness", "superiority", "relief", "recovery", "protection",
            "normalization", "normalisation", "resolution", "better", "superior"}


MORE_OF = {"improved", "reduced", "increased", "decreased", "enhanced", "higher", "greater", "larger", "lower", "fewer",
           "less", "more", "better"}
# What a treatment "showed more of" that is no effect on the people who had it: how the body handles a
# drug, how a programme was used or run, what it cost, how a test performs, how many had something
NOT_BROUGHT = {"affinity", "absorption", "clearance", "bioavailability", "immunogenicity",
               "concentrations", "half-life", "potency", "selectivity", "solubility", "uptake", "attendance",
               "retention", "enrolment", "enrollment", "reach", "fidelity", "adherence", "engagement", "participation",
               "completion", "dropout", "cost", "costs", "price", "variation", "heterogeneity", "accuracy", "sensitivity",
               "specificity", "use", "usage", "number", "numbers", "amount", "amounts", "doses", "dose", "dosage",
               "exposure", "demand", "interest"}
RATES = {"rate", "rates", "proportion", "proportions", "share", "percentage"}
# ... and these right after "higher" or "lower", with nothing to say of what ("showed higher levels in the blood";
# not "showed lower cortisol levels", a change in the people)
BARE_MEASURES = {"levels", "level", "concentration", "variability", "dropout"}
# Where a drug's levels are measured in the body: "higher levels in the blood"
BODY_MEASURED = {"blood", "bloodstream", "plasma", "serum", "milk", "urine", "saliva", "brain", "tissue", "tissues",
                 "liver", "body", "cerebrospinal", "hair", "sweat", "placenta", "kidneys", "lungs", "cells", "breast",
                 "cord"}
# ... unless what follows is a measure of the people's health ("lower variability in blood pressure")
BODY_OUTCOMES = {"pressure", "glucose", "sugar", "cholesterol", "lipids", "enzymes", "flow", "count", "counts", "tests",
                 "weight", "fat", "mass", "function", "activity", "triglycerides", "volume"}
SCHOOLING = {"school", "schools", "education", "college", "university", "training", "work", "employment", "secondary",
             "high", "courses", "course", "workforce", "apprenticeships", "apprenticeship", "schooling"}


def _more_of_after(tokens: list[_Token], i: int, hi: int) -> int | None:
    """Where the change or difference ends that the verb at i ("showed", "achieved") says a
    treatment brought: "achieves higher satisfaction", "showed improved health-related quality",
    "showed lower relapse rates"; None for no noun ("showed more in the ..."), for what is no effect
    (NOT_BROUGHT: "showed higher clearance", "achieved higher attendance") and for rates among some
    or of a use ("showed higher rates among younger carers", "rates of use")."""
    j = i + 1
    while j <= hi and (tokens[j].low in {"a", "an"} or _adverb(tokens[j].low)):
        j += 1
    if not (j < hi and tokens[j].low in MORE_OF and tokens[j + 1].text.replace("-", "").isalpha()):
        return None
    k = j + 1
    while k < hi and tokens[k + 1].text.replace("-", "").isalpha() and tokens[k].low not in RATES | NOT_BROUGHT \
            and tokens[k + 1].low not in PREPOSITIONS | PHRASE_STOPS | AUXILIARIES | VERB_NEXT | {"than", "of", "likely"}:
        k += 1  # a noun's modifiers, up to its head ("lower [HbA1c] levels", "improved health-related quality")
    if tokens[j + 1].low in PREPOSITIONS | {"than", "of", "likely"} or any(
            t.low in NOT_BROUGHT and not (t.low == "dropout" and (m == j + 1 or tokens[m - 1].low in SCHOOLING | {
                "student", "students", "high-school", "pupil"}))
            for m, t in enumerate(tokens[j + 1:k + 1], start=j + 1)):
        return None
    if tokens[j + 1].low in BARE_MEASURES and _bare_measure(tokens, j + 1, hi):
        return None
    if tokens[k].low in RATES and k + 2 <= hi and (tokens[k + 1].low in {"among", "in", "across", "for"} or (
            tokens[k + 1].low == "of" and tokens[k + 2].low in NOT_BROUGHT)):
        return None
    return k


DEMONSTRATIVES = {"these", "those", "this", "that", "such", "many", "most", "some", "all"}
# Participles of giving or taking up a treatment: what follows them is the treatment, the subject is who had it
GIVING = {"offering", "offered", "using", "used", "trialling", "trialing", "funding", "funded", "adopting", "adopted",
          "receiving", "taking", "prescribing", "providing", "delivering", "running", "introducing", "introduced"}


def _heads_subject(tokens: list[_Token], lo: int, j: int) -> bool:
    """Whether the treatment at j heads the subject of the verb after it: going back over a list of
    treatments, their adjectives, adverbs and numbers ("SSRIs, CBT and mindfulness", "Three widely
    used antidepressants"), the clause's start, a comma closing an opening phrase or a determiner
    comes first; not people or a verb that had the treatment for its object ("Therapists offering
    CBT, counselling and mindfulness", "counsellors who offer therapy", "Nurses trained in CBT")."""
    b = j
    while b > lo:
        w = tokens[b - 1].low
        if _treats(w) or w in {"and", "or", ",", "both"} | NUMBERS or _adverb(w) or w[:1].isdigit() \
                or (w.endswith(("ed", "er", "al", "ic", "ive", "ous")) and w not in DOSED | GIVING and not _person(w)) \
                or w in DOSED | GIVING and b - 2 >= lo and (_adverb(tokens[b - 2].low) or _treats(tokens[b - 2].low)):
            b -= 1
            continue
        break
    if b == lo:
        return True
    stop = tokens[b - 1].low
    return stop in DEMONSTRATIVES or stop in DETERMINERS | POSSESSIVES and not _person(stop) or tokens[b].low == ","


def _bare_measure(tokens: list[_Token], m: int, hi: int) -> bool:
    """Whether the measure at m ("levels", "dropout") says nothing of what it measures in the people:
    not followed by "of" or "from" ("lower levels of stress", "dropout from school"), nor by "in" and
    anything but a place in the body ("higher levels in the blood" is the drug's)."""
    after = tokens[m + 1].low if m + 1 <= hi else ""
    then = [t.low for t in tokens[m + 2:m + 6] if t.low not in DETERMINERS | POSSESSIVES and not t.low.endswith("'s")]
    if after == "of":  # of something the drug or the programme has, not the people's ("levels of engagement", "of the drug")
        return bool(then) and (then[0] in NOT_BROUGHT | {"antibodies", "nicotine"} or then[0] in {
            "drug", "drugs", "medicine", "medication"} and then[1:2] not in (["use"], ["misuse"], ["abuse"]))
    if after == "from":  # dropout from school is an outcome; from therapy, its use
        return not set(then[:2]) & SCHOOLING
    if after == "in":  # the drug's level in the body or in a group ("in breast milk", "in women"), not "in blood pressure"
        if not then:
            return False
        if then[0] in BODY_MEASURED:
            return len(then) < 2 or then[1] not in BODY_OUTCOMES
        return _people_word(then[0])
    return True


def _clean_subject(tokens: list[_Token], lo: int, j: int) -> bool:
    """Whether the words from lo up to the treatment at j name it and nothing it sits in: no people,
    no relative, no participle with its own object ("Rats given the drug", "Sites offering the
    therapy", "Pregnancies exposed to the drug"), and a preposition only after a treatment
    ("Ketamine in low doses"; not "Areas with the programme", "Households in the programme"); a
    participle before its noun is the treatment's name ("Emotionally focused therapy")."""
    for m in range(lo, j):
        w = tokens[m].low
        if _person(w) or w in {"who", "who'd", "that", "which", "whose", ",", ";", ":"}:
            return False
        if (w.endswith(("ed", "ing")) or w in PHRASE_PARTICIPLES) and "-" not in w and not _treats(w) \
                and tokens[m + 1].low in DETERMINERS | PREPOSITIONS | POSSESSIVES | {"them", "it", "this", "these"}:
            return False
        if w in DOSED | GIVING and m > lo:
            b = m - 1
            while b > lo and (_adverb(tokens[b].low) or not tokens[b].text.isalpha() or tokens[b].low in {"n", "="}):
                b -= 1
            if tokens[b].text.isalpha() and not _treats(tokens[b].low) and not _adverb(tokens[b].low) \
                    and tokens[b].low not in DETERMINERS | POSSESSIVES | NUMBERS | {"several", "many", "some", "most", "few",
                                                                                  "all", "both", "generic", "other"}:
                return False  # "Mice given ketamine", "Sites offering ketamine" (not "Treatments using psilocybin",
            # "The widely used drug")
        if w in PREPOSITIONS and not any(_treats(t.low) for t in tokens[lo:m]):
            return False
    return True


def _clause_head(tokens: list[_Token], lo: int, i: int) -> str:
    """The first word of the clause at lo past a determiner or possessive and a quantifier, before
    the word at i: the head of its subject, most often ("Our son is behind ...", "The allergist is
    responsible ...", "A few commonly used drugs are responsible ...")."""
    j = lo + 1 if tokens[lo].low in DETERMINERS | POSSESSIVES | {"these", "those", "this", "each", "every"} and lo + 1 < i else lo
    if tokens[j].low in {"few", "many", "several", "some", "most", "all", "both"} and j + 1 < i:
        j += 1
    return tokens[j].low


def _ailment(word: str) -> bool:
    """A harm or an illness by its name: one of AILMENTS, PAINS or FELT, or an inflammation
    ("tendinitis"; not a growth, "Melanoma arises from pigment cells": where it starts, nor a
    therapy, "Osteopathy arose from")."""
    return word in AILMENTS | PAINS | FELT or word.endswith("itis")


def _subject_word(tokens: list[_Token], i: int, lo: int) -> str:
    """The word just before a verb, past adverbs: its subject's head, most often."""
    j = _back_past_adverbs(tokens, i, lo, HAVE)
    return tokens[j].low


def _treatment_subject(tokens: list[_Token], i: int, lo: int) -> bool:
    """Does a treatment head the subject just before the verb at i ("the live zoster vaccine (ZVL)
    showed"), and not sit in a phrase ("those who ... before treatment showed")?"""
    j = _back_past_adverbs(tokens, i, lo, HAVE)
    if j > lo and tokens[j].text.isupper() and len(tokens[j].text) > 1 and _treats(tokens[j - 1].low):
        j -= 1  # an acronym in brackets after the name: "the live zoster vaccine (ZVL) showed"
    return _treats(tokens[j].low) and not (j > lo and tokens[j - 1].low in PREPOSITIONS - {",", "and", "or"})


# What "X can ..." does that is no effect: what people or services do, what a text does, what happens
CAN_DO_NOT = {"be", "have", "do", "see", "say", "choose", "access", "afford", "expect", "feel", "read", "include",
              "inform", "support", "identify", "occur", "match", "run", "happen", "leave", "walk", "help", "play",
              "provide", "offer", "explain", "guide", "advise", "arrange", "refer", "detect", "predict", "measure",
              "show", "tell", "learn", "attend", "enjoy", "exist", "vary", "differ", "last", "mean", "become",
              # what a test, a tool or a method does: it measures, it does not change
              "track", "monitor", "record", "classify", "capture", "assess", "evaluate", "screen", "estimate", "quantify",
              "distinguish", "differentiate", "diagnose", "recognise", "recognize", "reveal", "indicate", "reflect",
              "describe", "explore", "examine", "test", "compare", "collect", "store", "display", "count", "rate", "flag",
              "generate", "calculate", "handle", "work", "contain", "involve", "follow", "mimic", "resemble", "cost",
              "require", "cover", "fund", "signpost", "lend", "reach", "serve", "host", "accommodate", "hold"}
# What research or news can do, which is no effect on health ("The findings can change how doctors treat asthma")
RESEARCH_SUBJECTS = {"findings", "results", "review", "study", "studies", "diagnosis", "evidence", "data", "guidance",
                     "research", "trial", "trials", "paper", "report"}
# Orders that are also verbs of change: "Rapid maxillary expansion can change the form of the nose"
CHANGES_DONE = {"change", "reduce", "increase", "lower", "raise", "cut", "halve", "double", "stop"}
# Who can do something for people: services, not causes ("Local councils can fund adaptations")
# What a person or a service answers for, not what a cause brings about ("is responsible for the ward")
DUTIES = {"ward", "wards", "budget", "budgets", "rota", "meals", "programme", "programmes", "program", "programs", "study",
          "trial", "recruitment", "delivery", "day-to-day", "running", "organisation", "organization", "patients", "children",
          "dressings", "equipment", "device", "devices", "paperwork", "records", "funding", "costs", "bill", "bills"}
SERVICES = {"council", "councils", "charity", "charities", "centre", "centres", "center", "centers", "unit", "units",
            "service", "services", "team", "teams", "nhs", "school", "schools", "pharmacy", "pharmacies", "clinic",
            "clinics", "hospital", "hospitals", "practice", "practices", "surgery", "helpline", "helplines", "staff"}


def _can_do(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """What something other than people can do to something, said as fact ("Intense habits can
    deform the alveolus", "Divorce can create considerable turmoil"): "can" is no hedge, and the
    verb, whatever it is, acts on its object; not what people can do ("parents can book"), nor
    what a test can measure ("the scale can capture change")."""
    word = tokens[i].low
    k = i - 1
    while k > lo and k >= i - 2 and _adverb(tokens[k].low) and tokens[k].low not in NEGATIONS:
        k -= 1  # "can severely limit"
    if tokens[k].low != "can" or not word.isalpha() or word.endswith(("ed", "ing")) \
            or word in PREPOSITIONS | DETERMINERS | AUXILIARIES | NOT_EFFECTS | REPORTS | HEDGES \
            or word in NEGATIONS or _adverb(word) or word in {"only", "also", "still", "then", "now", "even"} \
            or word in NOT_CAN_DO:
        return False
    first = tokens[lo].low
    if first in {"you", "we", "i", "they", "he", "she", "it", "this", "these", "that", "patients", "people"} \
            or _subject_is_actor(tokens, k, lo) \
            or any(_person(t.low) or _people_word(t.low) or _care(t.low) or _professional(t.low)
                   or t.low in READERS | SERVICES | RESEARCH_SUBJECTS
                   or (m > lo and t.text[:1].isupper() and not t.text.isupper()) for m, t in enumerate(tokens[lo:k], start=lo)):
        return False
    # ... and not what it can do for or to people, which the verbs of effect say ("can reach people
    # in remote villages", "can flag children who need ..."; "can harm babies" is read by the rules)
    return _object_follows(tokens, i, hi) and not _names_people([t.low for t in tokens[i + 1:hi + 1]])


def _subject_is_actor(tokens: list[_Token], i: int, lo: int) -> bool:
    """The words just before the verb name the people who acted ("participants stopped taking",
    "we reduced the dose"): they report what was done, not what caused a change."""
    first = lo + 1 if tokens[lo].low in {"the", "those", "all", "most", "many", ",", ":", ";"} and lo + 1 < i else lo
    if _people_word(tokens[first].low) and first + 1 < i <= first + 14 and tokens[first + 1].low == "who" \
            and not any(_treats(t.low) or t.low in {",", "that", "which"} for t in tokens[first + 2:i]):
        return True  # "Children who underwent surgery for obstruction stopped taking painkillers sooner": what they did
    j = i - 1
    while j >= lo and j >= i - 3 and tokens[j].low in ADVERBS | AUXILIARIES | {"can", "will", "who", "that"}:
        j -= 1
    # "this therapy for couples cured...": the people are in a phrase, not the subject
    if not (j >= lo and tokens[j].low in ACTORS):
        return False
    k = j - 1  # "this therapy for (military) couples cured...", "coaching from the school nurse shrank"
    phrase = {"for", "of", "with", "among", "from", "by", "at", "in"}
    if any(t.low in {"who", "that", "which"} for t in tokens[j + 1:i]):
        return True  # "the clinicians who treat you": the people are the subject
    while k > lo and k >= j - 4 and tokens[k].low not in phrase and tokens[k].low.replace("-", "").isalpha() \
            and tokens[k].low not in AUXILIARIES:
        k -= 1
    return not (k >= lo and tokens[k].low in phrase)


# (one thing and another: the cause flagged is as often a germ, a gene or a habit as a treatment)
_CAUSAL_MESSAGE = ("says one thing caused another; this kind of study cannot show that: "
                   "say 'was linked to' or 'was followed by'")


# A verb of effect that here is half of a noun ("treatment foster care", "impacted cerumen")
NOUN_COMPOUNDS = {("foster", "care"), ("foster", "carers"), ("foster", "parents"), ("foster", "families"),
                  ("shift", "work"), ("shift", "workers"), ("double", "blind"),
                  ("double", "blinding"), ("double", "blinded"), ("double", "dummy"), ("impact", "exercise"),
                  ("impact", "sports"), ("impact", "activities"), ("impact", "loading"), ("impact", "forces"),
                  ("impacted", "cerumen"), ("impacted", "wax"), ("impacted", "earwax"), ("impacted", "teeth"),
                  ("impacted", "tooth"), ("impacted", "molars"), ("impacted", "stool"), ("impacted", "canines"),
                  ("trigger", "thumb"), ("trigger", "thumbs"), ("trigger", "finger"), ("trigger", "fingers"),
                  ("trigger", "digit"), ("trigger", "digits"), ("trigger", "point"), ("trigger", "points")}


# Who makes a product ("produced by a small Swiss company")
MAKERS = {"company", "companies", "firm", "firms", "manufacturer", "manufacturers", "maker", "makers", "laboratory",
          "laboratories", "lab", "labs", "startup", "start-up", "brand", "pharmaceutical", "pharma", "supplier"}
# A treatment that gives good results, said as fact ("provide satisfactory outcomes")
PROVIDES = {"provide", "provides", "provided", "providing", "produce", "produces", "produced", "producing", "yield",
            "yields", "yielded", "yielding", "give", "gives", "gave", "giving", "deliver", "delivers", "delivered",
            "delivering"}  # not "achieve": patients achieve outcomes
# A word between a good outcome and its noun: "better long-term results", "complete pain relief"
OUTCOME_KINDS = {"long-term", "short-term", "clinical", "functional", "cosmetic", "aesthetic", "patient", "overall",
                 "radiographic", "radiological", "surgical", "visual", "hearing", "pain", "symptom", "symptomatic"}
GOOD_OUTCOMES = {"satisfactory", "favorable", "favourable", "good", "excellent", "superior", "successful", "optimal",
                 "powerful", "rapid", "complete", "marked", "substantial"}
OUTCOME_NOUNS = {"outcome", "outcomes", "results", "result", "relief", "correction", "recovery", "analgesia", "protection",
                 "improvement", "improvements", "benefit", "benefits", "reduction", "reductions", "healing"}


def _main_clause_after(tokens: list[_Token], i: int) -> list[_Token]:
    """The clause that a reason opening a sentence at i ("Because of X, ...") is the reason for: from
    the first comma after it to the next comma, semicolon, "and" or "but"."""
    start = next((k for k in range(i + 2, len(tokens)) if tokens[k].low == ","), len(tokens)) + 1
    end = next((k for k in range(start, len(tokens)) if tokens[k].low in {",", ";", "and", "but"}), len(tokens))
    return tokens[start:end]


def _attribution_names_no_cause(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """Whether "attributed/attributable/secondary to" at i names no cause: someone's attribution
    ("has been attributed to", "is often attributed to", "the benefits attributed to"), people
    rather than a cause ("attributable to patients with BD-I"), chance or a study site, a share of
    variance ("20% of the variation ... attributable to"), an adjudication ("attributed to
    cardiovascular causes by an independent committee"), or who a study took in ("hearing loss
    secondary to meningitis were excluded")."""
    word = tokens[i].low
    if word == "secondary":
        return bool({t.low for t in tokens[lo:hi + 1]} & ENTRY_CRITERIA)
    before = {t.low for t in tokens[lo:i]}
    if word == "attributed" and i > lo and (
            tokens[i - 1].low in {"often", "commonly", "widely", "usually", "traditionally", "is", "are",
                                  "effects", "benefits", "harms", "symptoms", "problems", "improvements"}
            or i >= lo + 2 and tokens[i - 1].low == "been" and tokens[i - 2].low in {"has", "have"}):
        return True
    return bool({t.low for t in tokens[i + 2:i + 4]} & {"chance", "site", "sites", "centre", "center"}) \
        or before & {"variation", "variance", "variability"} and any(
            t.low in {"%", "percent", "proportion", "part", "share"} or t.low[:1].isdigit() for t in tokens[lo:i]) \
        or any(tokens[m].low == "by" and {t.low for t in tokens[m + 1:m + 3]} & {
            "committee", "panel", "investigators", "adjudicators", "clinicians", "physicians", "independent"}
               for m in range(i + 2, hi)) \
        or _names_people([t.low for t in tokens[i + 2:i + 5]])


def _results_noun(tokens: list[_Token], i: int, lo: int, hi: int) -> bool:
    """Whether "results" at i (before a word PHRASAL pairs it with) is the noun: after a kind of
    result ("trial results in", "good results in"), before a figure ("results in 12 patients"), and
    before "from" unless a subject of its own stands before it ("Primary adhesive capsulitis results
    from ...", "Mucous plugging results from ...", "... that results from"; not "Results from the
    trial", "Preliminary results from", "Comparing results from the two groups")."""
    before = tokens[i - 1].low if i > lo else ""
    if before in RESULT_NOUNS:
        return True
    if i == 0 and tokens[i].text[:1].isupper():
        return True  # "Results in older mice may differ": a sentence does not open with the verb
    if (i == lo or before in {"and", "but", ","}) and tokens[i + 1].low == "in":
        # the subject of a verb of its own: "..., and results in mice often do not carry over to people"
        j = i + 3
        while j <= hi and tokens[j].low not in FINITE_AUXILIARIES and (
                _adverb(tokens[j].low) or tokens[j].low in USUALLY | {"sometimes", "rarely", "seldom", "still", "always", "never"}):
            j += 1
        if j <= hi and tokens[j].low in FINITE_AUXILIARIES:
            return True
    if i + 2 <= hi and tokens[i + 2].low[:1].isdigit():
        # a figure, unless it is the share of an outcome ("results in 100% recurrence rates")
        after = [t.low for t in tokens[i + 3:min(i + 5, hi + 1)]]
        if tokens[i + 2].low.endswith("%"):
            after = ["%"] + after
        return i == lo or not (after[:1] in (["%"], ["percent"]) and after[1:2] and after[1] in RATES_OF)
    if tokens[i + 1].low != "from" or before in {"that", "which", "it", "this"}:
        return False
    return i == lo or not before.isalpha() or before.endswith(("al", "ive", "ary")) \
        or (before.endswith("ing") and i - lo < 2) or before in DETERMINERS | PREPOSITIONS | AUXILIARIES | RESULT_KINDS


FINITE_AUXILIARIES = {"do", "does", "did", "don't", "doesn't", "didn't", "are", "were", "is", "was", "have", "has",
                      "had"} | MODAL_VERBS
# What "work" has for its subject when it means "is effective", besides what _treats knows ("Herbal remedies work")
WORKING = {"remedies", "vaccines", "injections"}
# What "results" follows when it is the noun, whatever follows it ("trial results in", "good results in"; not
# "Early treatment results in", "Screening results in", where it is the verb)
RESULT_NOUNS = {"trial", "study", "survey", "test", "search", "analysis", "main", "key", "these", "our", "their", "its", "the",
                "good", "excellent", "promising", "encouraging", "similar", "mixed"}
# ... and before "from", where the verb needs a cause of its own ("Gout results from ...", not "Recent results from")
RESULT_KINDS = RESULT_NOUNS | {"early", "first", "interim", "pooled", "overall", "outcome", "treatment", "and",
                               "new", "recent", "full", "latest", "final", "positive", "negative", "disappointing",
                               "better", "poor", "scan", "lab", "laboratory", "blood", "biopsy", "imaging", "audit",
                               "registry", "pilot", "published", "unpublished", "detailed", "further", "more",
                               "some", "all", "both", "ongoing", "pending", "emerging", "interesting", "surprising",
                               "striking", "conflicting", "outstanding", "amazing", "exciting"}


def causal_claims(text: str, extra_words: Terms | None = None, other_flags: Sequence[int] = ()) -> list[Claim]:
    """The cause-and-effect claims in a text (see the module's doc); extra_words: more
    wording (feeds.yaml's causal_words) that counts as a claim unless taken back; other_flags:
    where the other checks flagged words in the text (their claims' starts)."""
    from . import claims_model  # here, so that `python -m tracker.digest.claims_model` retrains cleanly
    found: list[Claim] = []
    read = _read(text)
    other_flags = sorted(other_flags)
    for n, (offset, sentence, tokens) in enumerate(read):
        if _declared(tokens):
            continue  # someone's declaration: no rule, idiom, configured word or the learned reader claims it
        found_before = len(found)
        cautioned = _cautioned(tokens)
        # a headline in capitals ("MIRACLE PUMP ENDS KIDS' DIABETES MISERY"): a capital names nothing
        shouting = len(tokens) > 2 and (sum(t.text.isupper() for t in tokens) * 3 > len(tokens) * 2
                                        or sum(t.text[0].isupper() for t in tokens) * 4 > len(tokens) * 3)  # or Title Case
        bracketed = _in_parentheses(sentence, tokens, offset)
        clauses = _clauses(tokens, bracketed)
        flagged: set[int] = set()
        at = bisect.bisect_left(other_flags, offset)
        elsewhere = at < len(other_flags) and other_flags[at] < offset + len(sentence)
        for i, token in enumerate(tokens):
            word = token.low
            clause = clauses[i]
            lo, hi = clause.lo, clause.hi
            hit = None
            if i + 1 <= hi and (word, tokens[i + 1].low) in NOUN_COMPOUNDS \
                    and not (word == "trigger" and i > lo and tokens[i - 1].low.isalpha() and tokens[i - 1].low.endswith("s")
                             and not tokens[i - 1].low.endswith(("ous", "ss", "us", "is"))
                             and tokens[i - 1].low not in DETERMINERS | POSSESSIVES | {"this", "plus", "various", "previous"}):
                hit = ()  # "treatment foster care", "shift work nurses", "double blinding": a noun, not a verb
                # (but "Cold temperatures trigger thumb stiffness": a plural subject, then the verb)
            elif word in {"lower", "upper"} and i > lo and tokens[i - 1].low in {"left", "right", "the", "a", "its", "their",
                                                                             "his", "her", "my", "your"}:
                hit = ()  # "right and left lower first premolar teeth": where, not a verb
            elif word in PHRASAL and i + 1 <= hi and not (word in {"benefit", "result"} and (i == lo or _modifier(tokens[i - 1].low))
                                                          # "can also result in": an adverb after a modal, the verb's
                                                          and not (i - 2 >= lo and _adverb(tokens[i - 1].low)
                                                                   and tokens[i - 2].low in MODALS | {"may", "might", "should", "must", "to"})) \
                    and not _order_at(tokens, i, lo) \
                    and not (tokens[i - 1].low == "to" and i - 2 >= lo and tokens[i - 2].low in AIMING) \
                    and not (word == "results" and _results_noun(tokens, i, lo, hi)) \
                    and (tokens[i + 1].low in PHRASAL[word] or (
                    tokens[i + 1].low.endswith("ly") and i + 2 <= hi and tokens[i + 2].low in PHRASAL[word])) \
                    and not {t.low for t in tokens[i + 2:i + 5]} & MODEL_TERMS \
                    and not (i > lo and tokens[i - 1].low == "what" and {t.low for t in tokens[lo:i]} & OPEN_SUBJECTS) \
                    and not (word in {"set", "sets", "setting"} and (
                        i + 2 > hi or tokens[i + 2].low in PREPOSITIONS - {"by"} | {"home", "early", "again", "together", "alone"}
                        or {t.low for t in tokens[i + 2:i + 5]} & NOT_SET_OFF or i == lo or _subject_is_actor(tokens, i, lo))) \
                    and not (word.startswith("contribut") and i - lo <= 3 and tokens[lo + (1 if tokens[lo].low in {
                        "the", "these", "this", "our", "their", "its"} else 0)].low in {
                        "results", "findings", "data", "study", "studies", "review", "paper"}) \
                    and not (word.startswith("contribut") and i + 3 <= hi and tokens[i + 2].low in {"the", "this", "our", "a"}
                             and tokens[i + 3].low in CONTRIBUTED_DATA) \
                    and not (word.startswith("result") and {t.low for t in tokens[i + 2:i + 5]} & {
                        "articles", "records", "citations", "hits", "papers", "references", "abstracts", "studies"}) \
                    and not (tokens[i + 1].low == "on" and (i + 2 > hi or tokens[i + 2].low in {"line", "board", "stream", "site", "staff"}
                                                            or tokens[i - 1].low in AUXILIARIES and tokens[i + 2].low != "by")):
                if word in {"leading", "resulting"} and i > lo and tokens[i - 1].low in {"effects", "events", "reactions", "adrs", "aes"} \
                        and i + 2 <= hi and tokens[i + 2].low in {"discontinuation", "withdrawal", "dropout", "stopping", "treatment",
                                                                  "hospital", "hospitalisation", "hospitalization", "admission", "death"}:
                    hit = None  # "adverse effects leading to treatment discontinuation", "ADRs resulting in hospital
                    # admission": the name of an outcome counted
                else:
                    hit = (i, i + 1)  # not "lead to the conclusion", not "contributed to predicting"
            elif word in WORKS and i > lo and (word != "work" or tokens[i - 1].low == "it" or (
                    _treats(tokens[i - 1].low) or tokens[i - 1].low in WORKING) and _heads_subject(tokens, lo, i - 1)) \
                    and (i == hi or tokens[i + 1].low in {
                    "for", "against", "well", "wonders", ".", "!", "in", "on", "and", ",", "within", "fast", "quickly", "just", "better",
                    "as", "faster", "quicker", "when", "every", "each", "always", "perfectly", "where"}):
                if tokens[i - 1].low not in {"to", "who", "they", "we", "i", "people"}:
                    hit = (i, i)
            elif word in MAKES and {t.low for t in tokens[i + 1:min(i + 6, hi + 1)]} & {
                    "gains", "gain", "progress", "improvement", "improvements", "changes", "strides", "headway"}:
                hit = ()  # "mothers made significantly greater gains in": a change measured, in the people's name
            elif word in MAKES and {t.low for t in tokens[i + 1:min(i + 8, hi + 1)]} & {"conclusions", "conclusion", "comparisons",
                                                                                    "inferences", "generalisations", "generalizations"}:
                hit = ()  # "made it difficult to draw firm conclusions": what the research could say, not an effect
            elif word in MAKES | {"let", "lets"} and i > lo and _causee_acts(tokens, i, hi) and not _subject_is_actor(tokens, i, lo) \
                    and tokens[i - 1].low not in {"to", "don't", "not", "please", "will", "would", "can", "never"}:
                hit = (i, i)  # "The sessions made our son use words", "let the couple discuss the assault"
            elif word in {"got", "gets", "forced", "forces"} and i > lo and _causee_acts(tokens, i, hi, got=True) and not _subject_is_actor(tokens, i, lo) \
                    and tokens[i - 1].low not in {"to", "have", "has", "had", "never", "not"}:
                hit = (i, i)  # "the reward chart got Josh to finish homework", "got my neck turning again"
            elif word in MAKES:
                following = [t.low for t in tokens[i + 2:min(i + 9, hi + 1)]]
                later = {t.low for t in tokens[i + 1:min(i + 7, hi + 1)]}
                # "made the couples closer", "made mothers noticeably warmer", "made the pain fade", "made
                # my feet pain-free"
                if (later & MAKE_RESULTS or any(w.endswith("-free") and w[:-5] in FREE_OF for w in later) or any(w.endswith("er") and len(w) > 4 and w not in {"other", "after", "under", "further",
                                                                                               "over", "number", "never"}
                                                and tokens[k - 1].low not in PREPOSITIONS
                                                for k, w in enumerate(following, start=i + 2)) or set(following) & CHANGE_VERBS_BARE
                    # "made playground anxiety melt away", "made her legs quieten down": a verb and its particle
                    or any(w in {"away", "down", "off"} and tokens[k - 1].low.isalpha()
                           and tokens[k - 1].low not in PREPOSITIONS | DETERMINERS | AUXILIARIES | NOT_CAUSED | {"it", "them", "him", "her", "me", "us"}
                           for k, w in enumerate(following[1:], start=i + 3))) \
                        and not _subject_is_actor(tokens, i, lo) and not (i > lo and tokens[i - 1].low == "to"):
                    hit = (i, min(i + 4, hi))
            elif word in EFFECT_NOUNS and i > lo and tokens[i - 1].low in EFFECT_ADJECTIVES | TREATMENT_WORDS \
                    and not (i + 1 <= hi and tokens[i + 1].low in {"size", "sizes", "estimate", "estimates"}) \
                    and not (i > lo + 1 and tokens[i - 2].low in {"of", "on", "about"}) \
                    and not (i + 2 <= hi and tokens[i + 1].low in AUXILIARIES and tokens[i + 2].low in WATCHED) \
                    and not any(t.low in DETECTING for t in tokens[max(lo, i - 4):i - 1]) \
                    and not any(t.low in HEDGES - {"whether", "if"} or t.low == "cannot" or t.low.endswith(("n't", "n’t"))
                                or (t.low == "not" and tokens[k + 1:k + 2] and tokens[k + 1].low != "only")
                                for k, t in enumerate(tokens[i + 1:min(i + 9, hi + 1)], start=i + 1)):
                hit = (i - 1, i)  # not "moderators of treatment effects", not "analgesic effect ... has been suggested",
                # not "drug effects were monitored", not "powered to detect a small effect", not "A modest effect
                # cannot be ruled out"
            elif word in GOOD_FOR and i > lo and (tokens[i - 1].low in AUXILIARIES | ADVERBS | {"mutually", "very", "highly", "extremely"} or (
                    i > lo + 1 and tokens[i - 1].low == "and" and tokens[i - 2].low in {"safe", "effective"})) \
                    and any(t.low in AUXILIARIES for t in tokens[max(lo, i - 3):i]) \
                    and not (i + 1 <= hi and tokens[i + 1].low in {"factor", "factors"}) \
                    and not any(t.low in {"side", "adverse"} for t in tokens[max(lo, i - 8):i]):
                hit = (i, i)  # "was mutually beneficial for patients and partners"; not "side effects ... can be harmful"
            elif word in EFFECT_NOUNS and i > lo and tokens[i - 1].low.endswith("'s") \
                    and not (i > lo + 1 and (tokens[i - 2].low in PREPOSITIONS or tokens[i - 2].low in STUDYING)) \
                    and not {t.low for t in tokens[i + 1:hi + 1]} & OPEN_QUESTION \
                    and (tokens[i - 1].low[:-2] in TREATMENT_SUBJECTS | {"brew", "drug", "spray", "session", "course"}
                         or (i + 1 <= hi and tokens[i + 1].low == "on" and not _person(tokens[i - 1].low))):
                hit = (i - 1, i)  # "the therapy's impact on behaviour"
            elif word in EFFICACY and not any((t.low in NEGATIONS and not (t.low == "not" and k + 1 <= hi and tokens[k + 1].low == "only")
                                               and not (k > i and (t.low == "without" or (t.low == "no" and tokens[k - 1].low == "with"))))
                                              or t.low.endswith("n't") or t.low == "lacking"
                                              for k, t in enumerate(tokens[max(lo, i - 6):_relative_after(tokens, i, min(hi, i + 8)) + 1],
                                                                    start=max(lo, i - 6))) \
                    and not (i > lo and tokens[i - 1].low.endswith("'")) \
                    and not (i + 1 <= hi and tokens[i + 1].low in {"phase", "trial", "trials", "study", "studies", "research",
                                                                "analysis", "data", "outcome", "outcomes", "evaluation", "stage"}) \
                    and _efficacy_asserted(tokens, i, lo, hi):
                hit = (i, i)
            elif word in {"proven", "established", "effective"} and i + 3 <= hi \
                    and tokens[i + 1].low in {"strategy", "way", "method", "treatment", "intervention", "approach", "means"} \
                    and tokens[i + 2].low in {"to", "for", "of"} and tokens[i + 3].low in EFFECT_VERBS \
                    and not any(t.low in RESEARCH_QUESTIONS for t in tokens[max(lo, i - 4):i]):
                hit = (i, i + 3)  # "CHCT is a proven strategy to reduce the risk of HIV transmission"
            elif word in {"preventable", "treatable", "curable", "reversible", "avoidable"} and i + 1 <= hi \
                    and tokens[i + 1].low in {"through", "with", "by"} and i > lo:
                hit = (i, i + 1)  # "Delirium is often preventable through multicomponent strategies"
            elif word in GOOD_TREATMENT and i > lo + 1 and tokens[i - 1].low in {"a", "an"} \
                    and tokens[i - 2].low in AUXILIARIES | {"remains", "remain", "proved", "proven", "as"} and i + 2 <= hi \
                    and tokens[i + 1].low in {"treatment", "therapy", "remedy", "option", "intervention", "method", "tool", "way"} \
                    and tokens[i + 2].low in {"for", "to", "of", "in", "against"}:
                hit = (i - 1, i + 2)  # "baclofen is a good treatment for intractable hiccups"
            elif (word in GOOD_TREATMENT or word == "key") and i > lo and i + 2 <= hi \
                    and tokens[i + 1].low in {"for", "in", "to"} and (tokens[i + 2].low.endswith("ing")
                                                                     and tokens[i + 2].low in EFFECT_VERBS | {"treating", "managing", "curing"}
                                                                     # "is the key to pain relief", "the key to recovery"
                                                                     or word == "key" and tokens[i + 1].low == "to"
                                                                     and {t.low for t in tokens[i + 2:i + 4]} & KEY_OUTCOMES) \
                    and not _names_people([t.low for t in tokens[i + 3:i + 5]]) \
                    and _copula_at(tokens, i - (tokens[i - 1].low == "the"), lo) is not None and not _subject_is_actor(tokens, i, lo):
                hit = (i, i + 2)  # "Dexamethasone is excellent for treating AMS", "Gradual ascent is the key to preventing it"
            elif word in {"factor", "factors"} and i > lo + 1 and tokens[i - 1].low in CAUSE_RANKS | {"contributory", "contributing"} \
                    and i + 2 <= hi and tokens[i + 1].low in {"for", "in", "to", "of"} \
                    and {t.low for t in tokens[i + 2:min(i + 5, hi + 1)]} & ONSETS \
                    and any(t.low in COPULAS for t in tokens[max(lo, i - 6):i]):
                hit = (i - 1, i + 1)  # "Dental plaque is the main factor for initiation and progression of oral diseases"
            elif word in {"factor", "factors"} and i > lo and tokens[i - 1].low in CAUSAL_ADJECTIVES - {"precipitating", "triggering"} | WORSENING \
                    and i + 1 <= hi and tokens[i + 1].low in {"for", "of", "in", "to"} \
                    and any(tokens[c].low in COPULAS and not any(t.low in PREPOSITIONS | {"about", "asked"} for t in tokens[c + 1:i])
                            for c in range(max(lo, i - 7), i)):
                hit = (i - 1, i + 1)  # "Mouth breathing is an etiological factor for sleep-disordered breathing",
                # "were the most common underlying aetiological factors for TE"
            elif i > lo and (word in CAUSE_WORDS or word in {"trigger", "triggers"} and tokens[i - 1].low in CAUSE_RANKS
                             # "is occasionally the source of pain and local tenderness"
                             or word in {"source", "sources"} and i + 2 <= hi and tokens[i + 2].low in FELT | PAINS
                             and not (i + 3 <= hi and tokens[i + 3].low in MEASURED_OF)
                             and not {t.low for t in tokens[lo:i]} & {"which", "whether", "what"}) \
                    and i + 1 <= hi and tokens[i + 1].low == "of" \
                    and (tokens[i - 1].low in CAUSE_RANKS and word not in {"source", "sources"}
                         # "It is a cause of considerable morbidity", "Pain was a cause of anxiety", "Golf swing is
                         # often the cause of this condition", "it is an uncommon cause of groin pain"
                         or (a := i - 1 - (tokens[i - 1].low in UNCOMMON and i - 2 > lo and tokens[i - 2].low in {"a", "an"}))
                         and a > lo and tokens[a].low in {"a", "an", "the"} and (tokens[a - 1].low in COPULAS or (
                             a > lo + 1 and _adverb(tokens[a - 1].low) and tokens[a - 2].low in COPULAS)
                             # "Sacroiliac pain is one of the causes of low back pain"
                             or a > lo + 2 and [t.low for t in tokens[a - 2:a]] == ["one", "of"] and tokens[a - 3].low in COPULAS)) \
                    and not (i + 2 <= hi and tokens[i + 2].low in VISITS | CONCERNS) \
                    and not (i > lo + 1 and tokens[i - 2].low == "increasingly") \
                    and not {t.low for t in tokens[lo:hi + 1]} & ENTRY_CRITERIA \
                    and not _no_cause_found(tokens, i + 2, hi):
                hit = (i - 1, i + 1)  # "is a leading cause of disability", "the most frequent aetiology of chest pain",
                # "the most common trigger of mouth ulcers"
                # (not "an increasingly recognised aetiology": awareness; nor who a study excluded)
            elif (start := _cause_at_end(tokens, i, lo, hi, bracketed)) is not None:
                hit = (start, i)  # "the fungal infection remains the main cause.", "an STD is often the cause.",
                # "Trauma is the most common etiologic factor.", "Infection was the most common cause (23%), followed by ..."
            elif word in CAUSE_AT_END and i + 2 <= hi and tokens[i + 1].low == "for" and i > lo \
                    and tokens[i - 1].low in CAUSE_RANKS and tokens[i + 2].low not in CONCERNS \
                    and (word in CAUSE_WORDS or any(t.low in COPULAS for t in tokens[max(lo, i - 5):i - 1])
                         and not tokens[i + 2].low.endswith("ing") and tokens[i + 2].low not in VISITS | {"surgery", "treatment"}):
                hit = (i - 1, i + 1)  # "is the main cause for trauma in the elderly", "is the primary trigger for altitude
                # illness"; not "a major cause for concern", "The commonest trigger for surgery was pain at night"
            elif word in {"better", "superior"} and i > lo and (tokens[i - 1].low in AUXILIARIES or (
                    _adverb(tokens[i - 1].low) and i - 1 > lo and tokens[i - 2].low in AUXILIARIES)) and any(
                    tokens[k].low in {"in", "at"} and tokens[k + 1].low.endswith("ing") and tokens[k + 1].low in EFFECT_VERBS
                    for k in range(i + 1, min(i + 9, hi))):
                hit = (i, i)  # "were significantly better than placebo, also in reducing nasal congestion"
            elif word == "superior" and i > lo + 2 and [t.low for t in tokens[i - 2:i]] == ["to", "be"] \
                    and tokens[i - 3].low in {"proven", "shown", "proved", "found", "demonstrated"}:
                hit = (i - 3, i)  # "Clozapine is ... proven to be superior in the treatment of ..."
            elif word in {"improvement", "improvements", "reduction", "reductions"} and i + 2 <= hi \
                    and tokens[i + 1].low in {"over", "versus", "vs"} and tokens[i + 2].low in {"placebo", "sham", "control", "controls"} \
                    and any(t.low in HAVING | {"achieved", "produced", "showed"} for t in tokens[max(lo, i - 5):i]):
                hit = (i, i + 2)  # "Ketamine demonstrated a statistically significant improvement over placebo"
            elif word in {"superior", "better", "inferior"} and i + 2 <= hi and tokens[i + 1].low in {"to", "than"} \
                    and i > lo and (tokens[i - 1].low in AUXILIARIES | {"be", "proved", "proven"} or (
                        _adverb(tokens[i - 1].low) and i - 1 > lo and tokens[i - 2].low in AUXILIARIES)) \
                    and {t.low for t in tokens[i + 2:i + 5]} & {"placebo", "sham", "control", "controls", "usual", "standard",
                                                             "no", "waitlist", "wait-list"} \
                    and not _subject_is_actor(tokens, i, lo) and not _people_word(tokens[lo].low):
                hit = (i, i + 2)  # "Active rTMS was superior to sham", "shown to be better than the control group"
            elif word == "proven" and i > lo and tokens[i - 1].low in {"a", "an"} and any(
                    t.low in CURE_NOUNS | {"therapy", "treatment", "remedy", "intervention", "fix"} for t in tokens[i + 1:min(i + 4, hi + 1)]):
                hit = (i, i + 1)  # "a proven cure", "a proven second line therapy"
            elif word in GIVES and i + 2 <= hi and any(t.low.endswith("-free") and len(t.low) > 5
                                                       for t in tokens[i + 1:min(i + 5, hi + 1)]) \
                    and not _subject_is_actor(tokens, i, lo) and not (i > lo and tokens[i - 1].low == "to"):
                hit = (i, i)  # "Hemispherectomy gave our son a seizure-free childhood"
            elif word in {"brought", "brings", "bring"} and any(
                    [t.low for t in tokens[k:k + 3]] == ["to", "an", "end"] for k in range(i + 2, min(i + 9, hi))) \
                    and not _subject_is_actor(tokens, i, lo):
                hit = (i, i)  # "sumatriptan brought Isaac's migraine to an end"
            elif word in {"left", "leaves", "leave"} and i > lo and any(
                    t.low in {"more", "less"} or (t.low in COMPARATIVES and t.low not in {"longer", "shorter"})
                    for t in tokens[i + 2:min(i + 6, hi + 1)]) and not _subject_is_actor(tokens, i, lo) \
                    and not any(t.low in {"study", "trial", "hospital", "school", "programme", "program", "home", "group"}
                                for t in tokens[i + 1:i + 3]) \
                    and not any(_people_word(t.low) for t in tokens[lo:i]) \
                    and not tokens[i - 1].low.endswith("er") and tokens[i - 1].low not in {",", "and", "the", "a", "his", "her", "their"}:
                # (not "the couples left the weekend happier": they left; not "smaller left testis": a side)
                hit = (i, i)  # "Weeks on a screen task left adolescent mice more impulsive"
            elif (word in {"complication", "complications"} or (word in {"effect", "effects"} and i > lo and tokens[i - 1].low == "side")) \
                    and i + 2 <= hi and tokens[i + 1].low == "of" \
                    and any(_treats(t.low) for t in tokens[i + 2:min(i + 7, hi + 1)]) \
                    and any(t.low in {"is", "are", "was", "were"} for t in tokens[max(lo, i - 7):i]) \
                    and not any(t.low in NEGATIONS | {"rare", "rarely"} for t in tokens[lo:i]):
                hit = (i, i + 1)  # "Constipation is a frequently overlooked side effect of clozapine treatment"
            elif word in {"role", "roles"} and i > lo + 1 and tokens[i - 1].low in {
                    "key", "major", "important", "crucial", "central", "vital", "pivotal", "significant", "decisive", "critical",
                    "predominant", "protective", "causal", "causative", "preventive", "preventative", "therapeutic",
                    "fundamental", "dominant", "leading", "primary"} \
                    and i + 1 <= hi and tokens[i + 1].low in {"in", "against"} \
                    and any(t.low in {"play", "plays", "played", "playing"} for t in tokens[max(lo, i - 4):i]) \
                    and not {t.low for t in tokens[i + 2:i + 7]} & {"management", "treatment", "therapy", "care", "diagnosis",
                                                                    "practice", "guidelines"} \
                    and not _people_play(tokens, lo, i):
                hit = (i - 1, i + 1)  # "Co-parenting plays a key role in children's outcomes", "played a protective role against"
                # (not "Community health workers play crucial roles in shaping ...": people's part)
            elif word == "by" and i + 1 <= hi and tokens[i + 1].low in {"using", "means", "adding", "introducing", "applying"} \
                    and any(t.low in {"dropped", "fell", "declined", "decreased", "improved", "rose", "increased", "halved", "doubled"}
                            for t in tokens[max(lo, i - 12):i]) and not any(t.low in NEGATIONS for t in tokens[lo:i]):
                hit = (i, i + 1)  # "Mortality rate dropped ... from 24% to 16% by using evaporative cooling"
            elif word == "contributing" and i + 2 <= hi and tokens[i + 1].low in {"factor", "factors", "cause", "causes"} \
                    and tokens[i + 2].low in {"to", "for", "in", "of"} and i > lo and tokens[i - 1].low in {"a", "the", "major", "main", "key", "important", "significant"}:
                hit = (i, i + 1)  # "Previous injury history was a contributing factor for knee injuries"
            elif word in {"put", "puts", "putting", "place", "places", "placed", "placing"} and i > lo \
                    and tokens[i - 1].low not in {"the", "a", "an", "of", "for", "in", "at", "on", "by", "their", "its"} and any(
                    tokens[k].low == "at" and tokens[k + 1:k + 4] and "risk" in {t.low for t in tokens[k + 1:k + 4]}
                    for k in range(i + 2, min(i + 7, hi))) \
                    and not any(t.low in {"at", "to"} for t in tokens[i + 1:i + 2]) and not _subject_is_actor(tokens, i, lo):
                hit = (i, i)  # "these medications put patients at an increased risk for falls", "placing them at risk"
            elif word in {"did", "does", "do", "done"} and i + 2 <= hi and tokens[i + 1].low == "more" and tokens[i + 2].low == "for" \
                    and any(t.low == "than" for t in tokens[i + 3:min(i + 10, hi + 1)]) and not _subject_is_actor(tokens, i, lo):
                hit = (i, i + 2)  # "Family reunification did more for the teenagers' depression than any pill"
            elif word == "responsible" and i + 2 <= hi and tokens[i + 1].low == "for" and i > lo \
                    and tokens[i - 1].low in AUXILIARIES | ADVERBS | {"largely", "partly", "mainly", "chiefly", "solely", "directly"} \
                    and (tokens[i + 2].low in EFFECT_VERBS if tokens[i + 2].low.endswith("ing") else not (
                        # what it does, an effect ("for reducing the quality of life"), or what it brings about,
                        # ("for plantar verrucae", "for 30% of strokes"); not a duty ("for prescribing the drug",
                        # "for the ward", "for symptom monitoring", "for pain scoring")
                        {t.low for t in tokens[i + 2:i + 5]} & (SERVICES | DUTIES)
                        or any(tokens[m].low.endswith("ing") and tokens[m - 1].low not in DETERMINERS | POSSESSIVES
                               or tokens[m].low in {"relief", "management", "control", "assessment", "scores", "care"}
                               for m in range(i + 3, min(i + 5, hi + 1))))) \
                    and not {t.low for t in tokens[lo:i]} & (SERVICES | {"family", "families"}) \
                    and not _people_word(_clause_head(tokens, lo, i)) \
                    and not _subject_is_actor(tokens, i, lo):
                hit = (i, i + 2)  # "Primary dysmenorrhea is responsible for reducing the quality of life", "HPV is responsible for
                # plantar verrucae"; not "The allergist is responsible for identifying the cause"
            elif word in {"guarantees", "guaranteed", "guarantee"} and i + 1 <= hi and (
                    tokens[i + 1].low in {"way", "fix", "cure", "end", "route", "method", "remedy", "solution", "relief", "recovery"}
                    or (word != "guaranteed" and i > lo and tokens[i - 1].low in {"that", "which"}
                        and tokens[i + 1].low in {"a", "an", "the", "your", "you", "relief", "recovery"})):
                hit = (i, i + 1)  # "a guaranteed way to beat anxiety", "the app that guarantees a calm pregnancy"
            elif word in {"contributor", "contributors", "driver", "drivers"} and i + 1 <= hi and tokens[i + 1].low in {"to", "of"} \
                    and i > lo and tokens[i - 1].low in {"main", "major", "primary", "chief", "leading", "key", "biggest",
                                                         "largest", "principal", "important", "greatest", "significant"}:
                hit = (i - 1, i + 1)  # "the primary contributors to hospitalization were"
            elif word == "role" and i > lo and tokens[i - 1].low in {"established", "well-established", "proven", "known",
                                                                     "well-known", "demonstrated", "causal"} \
                    and any(tokens[k].low == "in" and tokens[k + 1].low in EFFECT_VERBS and tokens[k + 1].low.endswith("ing")
                            for k in range(i + 1, min(i + 7, hi))):
                hit = (i - 1, i)  # "the well-established role of testosterone in enhancing libido"
            elif word in {"role", "intervention", "strategy", "tool", "factor", "approach"} and i + 2 <= hi \
                    and tokens[i + 1].low in {"in", "for"} and tokens[i + 2].low.endswith("ing") and (tokens[i + 2].low in EFFECT_VERBS or (
                        word == "role" and any(t.low in {"play", "plays", "played"} for t in tokens[max(lo, i - 4):i]))) \
                    and any(t.low in {"has", "have", "had", "play", "plays", "played", "playing", "is", "are", "was"}
                            for t in tokens[max(lo, i - 4):i]) \
                    and not _people_word(tokens[lo + 1 if tokens[lo].low in {"the", "these", "those", "our", "their"} else lo].low):
                hit = (i, i + 2)  # "has an established role in decreasing", "played a crucial role in reducing"
                # (not "Caregivers play a crucial role in meeting the needs of survivors": people's part)
            elif word.endswith(("-induced", "-evoked", "-elicited", "-triggered")) and len(word) > 8 and not (i > lo and tokens[i - 1].low in {"of", "the", "in", "on"}
                                                                      and i > lo + 1 and tokens[i - 2].low in {"stages", "model", "models"}) \
                    and not {t.low for t in tokens[i + 1:i + 4]} & {"group", "groups", "model", "models", "rats", "mice",
                                                                    "animals", "rat", "mouse"}:
                hit = (i, i)  # "LPS-induced anhedonia", "ketamine-induced failure of integration": the effect assumed
            elif word in PROVIDES and i > lo and i + 2 <= hi and not _subject_is_actor(tokens, i, lo) \
                    and any(tokens[k].low in GOOD_OUTCOMES | {"better"} and k + 1 <= hi and (
                        tokens[k + 1].low in OUTCOME_NOUNS and not (k + 2 <= hi and tokens[k + 2].low in {"data", "measure", "measures",
                                                                                                       "group", "groups"})
                        # "produce better long-term results", "excellent cosmetic outcomes": a word between
                        # (and "control" only after one: "good pain control", not "good control of the needle")
                        or k + 2 <= hi and tokens[k + 1].low in OUTCOME_KINDS and tokens[k + 2].low in OUTCOME_NOUNS | {"control"}
                        and not (tokens[k + 2].low == "control" and k + 3 <= hi and tokens[k + 3].text.isalpha()
                                 and tokens[k + 3].text.islower() and tokens[k + 3].low not in PREPOSITIONS)
                        or k + 2 <= hi and tokens[k + 1].low == "control" and tokens[k + 2].low in {"rate", "rates"})
                            for k in range(i + 1, min(i + 4, hi))) \
                    and not {t.low for t in tokens[lo:i]} & (ANALYSES | MODELS | {"trial", "trials", "group", "groups", "analyses"}):
                hit = (i, min(i + 3, hi))  # "MIS techniques provide satisfactory outcomes", "All three produce favorable outcomes"
            elif word in SHOWING and any(t.low[:1].isdigit() for t in tokens[i + 1:min(i + 4, hi + 1)]) \
                    and {t.low for t in tokens[i + 2:min(i + 7, hi + 1)]} & {"rate", "rates"}:
                hit = ()  # "Water irrigation demonstrated a 100% success rate": a count, not an effect
            elif word in SHOWING and i > lo and _treatment_subject(tokens, i, lo) \
                    and {t.low for t in tokens[i + 1:min(i + 6, hi + 1)]} & OUTCOMES:
                hit = (i, min(i + 3, hi))  # "vedolizumab showed a significant clinical response"
            elif word in SHOWING and i > lo and _treatment_subject(tokens, i, lo) \
                    and _clean_subject(tokens, lo, _back_past_adverbs(tokens, i, lo, HAVE)) \
                    and (more := _more_of_after(tokens, i, hi)) is not None:
                hit = (i, more)  # "Couple therapy achieves higher satisfaction", "the programme showed improved mood"
            elif word in {"useful", "helpful", "valuable", "instrumental", "beneficial", "adequate", "capable"} | VITAL \
                    and i + 2 <= hi \
                    and (tokens[i + 1].low == "in" or (tokens[i + 1].low == "for" and word not in VITAL)
                         or (tokens[i + 1].low == "of" and word == "capable")) \
                    and tokens[i + 2].low in EFFECT_VERBS and tokens[i + 2].low.endswith("ing") \
                    and any(t.low in AUXILIARIES for t in tokens[max(lo, i - 3):i]):
                hit = (i, i + 2)  # "are particularly useful for reducing erythema", "are crucial in diminishing"
                # (not "are crucial for promoting child development": what matters, not what a treatment did)
            elif word == "success" and i + 2 <= hi and tokens[i + 1].low in {"in", "at"} \
                    and tokens[i + 2].low in EFFECT_VERBS and tokens[i + 2].low.endswith("ing") \
                    and not any(t.low in NEGATIONS | {"little", "limited", "mixed", "modest"} for t in tokens[max(lo, i - 3):i]):
                hit = (i, i + 2)  # "the last decades have seen great success in reducing symptoms with ERP"
            elif word == "successful" and i + 2 <= hi and tokens[i + 1].low in {"in", "at"} \
                    and (tokens[i + 2].low in EFFECT_VERBS or tokens[i + 2].low in {"achieving", "facilitating", "promoting",
                                                                               "inducing", "producing", "controlling", "treating"}) \
                    and any(t.low in AUXILIARIES for t in tokens[max(lo, i - 3):i]):
                hit = (i, i + 2)  # "were all successful in reducing the mean BSA"
            elif word == "remission" and i > lo and tokens[i - 1].low == "into" \
                    and any(t.low in {"put", "puts", "putting", "sent", "send", "sends", "drove", "drives", "pushed", "brought",
                                      "brings", "bring"} for t in tokens[max(lo, i - 7):i - 1]):
                hit = (i - 1, i)  # "weight-loss jabs put type 2 diabetes into remission"
            elif word in {"provides", "provided", "provide", "offers", "offered", "offer", "affords", "afforded"} \
                    and i + 1 <= hi and i > lo \
                    and {t.low for t in tokens[i + 1:next((k for k in range(i + 1, min(i + 7, hi + 1))
                                                          if tokens[k].low in PREPOSITIONS - {"and", "but"}), min(i + 7, hi + 1))]} \
                    & {"relief", "protection", "improvement", "benefit", "benefits"} \
                    and not {t.low for t in tokens[max(lo, i - 4):i]} & (SOURCES_NOT_PEOPLE | {"to", "evidence"}) \
                    and not {t.low for t in tokens[max(lo, i - 5):i]} & NECESSITY:
                hit = (i, min(i + 2, hi))  # "Hydraulic distension of the capsule provides pain relief"
            elif word in {"brought", "brings", "bring"} and i > lo and not _subject_is_actor(tokens, i, lo) \
                    and not (tokens[i - 1].low == "to") and any(
                    tokens[k].low in {"down", "up"} and tokens[k - 1].low not in PREPOSITIONS for k in range(i + 3, min(i + 7, hi + 1))) \
                    and not any(t.low in PREPOSITIONS - {",", "and"} for t in tokens[i + 1:i + 3]):
                hit = (i, i)  # "The blue-light blanket brought our daughter's bilirubin down"
            elif word in {"switched", "switches", "switch", "turned", "turns"} and i + 1 <= hi and tokens[i + 1].low in {"on", "off"} \
                    and i + 2 <= hi and tokens[i + 2].low not in PREPOSITIONS and not _subject_is_actor(tokens, i, lo):
                hit = (i, i + 1)  # "the brew switched on new nerve growth"
            elif word in {"got", "gets"} and i + 3 <= hi and not _subject_is_actor(tokens, i, lo) \
                    and not (i > lo and tokens[i - 1].low in {"to", "have", "has", "had"}) and any(
                    _people_word(tokens[k].low) and any(tokens[m].low.endswith("ing") and tokens[m].low.isalpha()
                                                        and tokens[m].low not in {"nothing", "something", "anything", "during"}
                                                        for m in range(k + 1, min(k + 5, hi + 1)))
                    for k in range(i + 1, min(i + 8, hi + 1))):
                hit = (i, i)  # "Treadmill training got three of the four paralysed volunteers stepping again"
            elif word in {"let", "lets"} and i > lo and i + 2 <= hi and not _subject_is_actor(tokens, i, lo) \
                    and tokens[i - 1].low not in {"to", "don't", "not", "please", "will", "would", "can"} and any(
                    (_people_word(tokens[k].low) or tokens[k].low in CREATURES | {"bacteria", "virus", "them", "him", "her"})
                    and k + 1 <= hi and tokens[k + 1].low.isalpha() and tokens[k + 1].low not in PREPOSITIONS | AUXILIARIES
                    and not tokens[k + 1].low.endswith(("s", "ed", "ing", "ly"))
                    for k in range(i + 1, min(i + 4, hi))):
                hit = (i, i)  # "wonder drug lets paralysed patients walk again"
            elif word in {"got", "gets", "get"} and i + 2 <= hi and not _subject_is_actor(tokens, i, lo) \
                    and not (word == "get" and _order_at(tokens, i, lo)) and any(
                    (_people_word(tokens[k].low) or tokens[k].low in OBJECT_PRONOUNS
                     or (tokens[k].text[0].isupper() and tokens[k].low.isalpha()))
                    and k + 1 <= hi and (
                        tokens[k + 1].low in {"off", "out", "back", "onto", "into"}
                        or (tokens[k + 1].low.endswith("ing") and tokens[k + 1].low.isalpha()))
                    for k in range(i + 1, min(i + 4, hi))):
                hit = (i, i)  # "the tapering plan got these patients off steroids"
            elif word in EFFECT_NOUNS and i + 2 <= hi and tokens[i + 1].low in {"were", "was"} \
                    and any(t.low in {"greater", "larger", "stronger", "bigger", "pronounced"} for t in tokens[i + 2:min(i + 5, hi + 1)]) \
                    and not (i > lo and tokens[i - 1].low in {"side", "adverse", "no", "unwanted", "toxic"}):
                hit = (i, i + 2)  # "the effect of TXA was even greater"
            elif word in {"act", "acts", "acted", "work", "works", "worked"} and i + 2 <= hi and tokens[i + 1].low == "by" \
                    and tokens[i + 2].low in EFFECT_VERBS and tokens[i + 2].low.endswith("ing"):
                hit = (i, i + 2)  # "some treatments act by reducing levels of pruritogens"
            elif word in {"meant", "means"} and i + 1 <= hi and tokens[i + 1].low in {"fewer", "less", "more", "better", "lower", "higher", "shorter"} \
                    and i > lo and not _subject_is_actor(tokens, i, lo):
                hit = (i, i + 1)  # "Getting palliative care early meant fewer ICU deaths"
            elif word == "why" and i > lo and tokens[i - 1].low in {"is", "was", "are", "were", "'s"} and i - 1 > lo \
                    and not clause.question and not {t.low for t in tokens[i + 1:hi + 1]} & RESEARCH_STEPS:
                hit = (i - 1, i)  # "Early physio after ACL surgery is why our footballers are back"; not "... is why
                # anyone with past psychosis was screened out": why the research did something
            elif word in {"sent", "send", "sends", "sending"} and not _subject_is_actor(tokens, i, lo) and any(
                    tokens[k].low in {"back", "home"} or (tokens[k].low == "to" and k + 1 <= hi and tokens[k + 1].low == "sleep")
                    for k in range(i + 2, min(i + 9, hi + 1))) and not (i > lo and tokens[i - 1].low == "to"):
                hit = (i, i)  # "Lavender aromatherapy sent hospice patients to sleep", "sent hundreds back to hospital"
            elif word in {"took", "takes", "take", "taking"} and i + 4 <= hi and tokens[i + 1].low in {"the", "all"} \
                    and any(tokens[k].low == "out" and tokens[k + 1].low == "of" for k in range(i + 2, min(i + 5, hi))) \
                    and not _subject_is_actor(tokens, i, lo) and not (i > lo and tokens[i - 1].low == "to"):
                hit = (i, i + 2)  # "Weekly parenting classes took the shouting out of our house"
            elif word == "superior" and any(tokens[k].low == "in" and tokens[k + 1].low in EFFECT_VERBS
                                            and tokens[k + 1].low.endswith("ing") for k in range(i + 1, min(i + 7, hi))):
                hit = (i, i)  # "These drugs are superior to clopidogrel in reducing ischemic outcomes"
            elif word in CAUSES_NAMED and (word != "factors" or (i > lo and tokens[i - 1].low in CAUSAL_ADJECTIVES)) \
                    and (listed := _causes_listed(tokens, i, lo, hi)) is not None:
                hit = (i - (word == "factors"), listed)  # "Causes of dry mouth include medications, ..."
            elif word == "what" and i > lo + 1 and (copula := _copula_at(tokens, i, lo)) is not None \
                    and not clause.question and _cleft_verb(tokens, i, hi) \
                    and not {t.low for t in tokens[lo:copula]} & OPEN_SUBJECTS:
                hit = (copula, min(i + 2, hi))  # "Night shifts are what drove up heart disease"
            elif word == "how" and i > lo + 1 and (copula := _copula_at(tokens, i, lo)) is not None \
                    and not clause.question and _means_cleft(tokens, i, lo, hi):
                hit = (copula, min(i + 2, hi))  # "Switching to felt pads is how I beat the sesamoid pain"
            elif word == "behind" and i > lo + 1 and not clause.question and _cause_behind(tokens, i, lo, hi):
                hit = (i - 1, min(i + 2, hi))  # "Thin, brittle bones are behind most ankle breaks"
            elif word == "that" and lo == 0 and len(tokens) > 3 and tokens[0].low == "it" and tokens[1].low in {"was", "is"} \
                    and 3 < i <= 16 and not clause.question and _cleft_verb(tokens, i, hi):
                hit = (i, min(i + 2, hi))  # "It was the ablation, not the extra tablets, that finally put ... back"
            elif word == "reason" and i > lo + 1 and tokens[i - 1].low == "the" and tokens[i - 2].low in {"is", "was", "are", "were"} \
                    and (i == hi or tokens[i + 1].low in {"why", "for", ".", "!", ",", "these", "those", "that", "she",
                                                          "he", "they", "we", "i", "you", "her", "his", "their", "our", "my"}
                         or _people_word(tokens[i + 1].low) or tokens[i + 1].text[0].isupper()) and i - 2 > lo:
                hit = (i - 2, i)  # "the drug is the reason"
            elif word in {"caused", "induced", "triggered", "driven", "mediated", "provoked"} | STRONG_PASSIVES and i + 2 <= hi and tokens[i + 1].low == "by" \
                    and not tokens[i + 2].low[:1].isdigit() and i > lo \
                    and (tokens[i - 1].low == "," or (tokens[i - 1].low.endswith("ly") and tokens[i - 2].low == ",")
                         or word == "caused" or (word in STRONG_PASSIVES and tokens[i - 1].low.endswith("ly"))) \
                    or word == "produced" and i + 2 <= hi and tokens[i + 1].low == "by" and i > lo \
                    and tokens[i - 1].low in {"condition", "disease", "disorder", "deformity", "injury", "lesion", "lesions",
                                              "symptoms", "damage", "pain", "syndrome", "complaints", "scars"}:
                hit = (i, i + 1)  # "..., primarily caused by obstructive lung diseases", "a disease caused by"
            elif word in EFFECT_NOUNS and i + 2 <= hi and tokens[i + 1].low in {"were", "was"} \
                    and tokens[i + 2].low in {"observed", "seen", "found", "noted", "demonstrated", "detected", "confirmed"} \
                    and not (i > lo and tokens[i - 1].low in {"side", "adverse", "no", "unwanted", "toxic"}):
                hit = (i, i + 2)  # "Best effects were observed in patients with ..."
            elif word in CURE_NOUNS and i + 1 <= hi and tokens[i + 1].low == "for":
                hit = (i, i + 1)
            elif word in TURNS and ({t.low for t in tokens[i + 1:min(i + 8, hi + 1)]} & {"around", "round"}
                                    or ("into" in {t.low for t in tokens[i + 1:min(i + 9, hi + 1)]} and not (i + 1 <= hi and tokens[i + 1].low == "into"))
                                    or ("from" in {t.low for t in tokens[i + 2:min(i + 7, hi + 1)]}
                                        and "to" in {t.low for t in tokens[i + 3:min(i + 10, hi + 1)]})) \
                    and not _subject_is_actor(tokens, i, lo):
                hit = (i, i)
            elif word in GAINS and i + 3 <= hi and {t.low for t in tokens[i + 1:i + 4]} & GIVEN_THINGS \
                    and "from" in {t.low for t in tokens[i + 2:min(i + 6, hi + 1)]}:
                hit = (i, i + 2)  # "caregivers gained real relief from the package"
            elif word in GIVES | {"left", "leaves", "leave"} and i + 2 <= hi and _person(tokens[i + 1].low) and (
                    tokens[i + 2].low in {"more", "less"} or (i + 3 <= hi and tokens[i + 2].low in {"far", "much", "a", "even"}
                                                             and tokens[i + 3].low in {"more", "less", "lot"})) \
                    and not _subject_is_actor(tokens, i, lo) and not (i > lo and tokens[i - 1].low == "to"):
                end = i + 4 if tokens[i + 2].low in {"far", "much", "a", "even"} else i + 3
                hit = (i, min(end, hi))  # "got fathers more involved", "got fathers far more involved"
            elif (word in {"treated", "managed"} or word == "used" and _used_successfully(tokens, i, lo, hi)) and (
                    (i > lo and tokens[i - 1].low in {"successfully", "effectively", "easily"})
                    or (i + 1 <= hi and tokens[i + 1].low in {"successfully", "effectively"})
                    or (i + 2 <= hi and tokens[i + 2].low in {"successfully", "effectively"})
                    or (word == "treated" and _can_be_done_with(tokens, i, lo, hi))):  # "can be managed with": a plan
                hit = (i, i)  # "successfully treated with venlafaxine", "can be treated quite successfully", "has been used successfully",
                # "most anal fissures can be treated nonsurgically with GTN ointment"
            elif word in GIVES and not (word in {"hand", "hands"} and i > lo and tokens[i - 1].low in DETERMINERS | POSSESSIVES | {
                    "other", "one", "both", "left", "right"}) and not {t.low for t in tokens[i + 1:min(i + 6, hi + 1)]} & {
                    "hazard", "hazards", "risk", "risks", "harm", "harms", "danger", "dangers", "side"} \
                    and ({t.low for t in tokens[i + 1:min(i + 9, hi + 1)]} & GIVEN_THINGS
                                    or any(t.low.endswith("ier") for t in tokens[i + 2:min(i + 6, hi + 1)])) \
                    and not _subject_is_actor(tokens, i, lo) and not (i > lo and tokens[i - 1].low == "to"):
                hit = (i, i)
            elif (word in VANISHED or (word == "went" and i + 1 <= hi and tokens[i + 1].low == "away")) \
                    and not (i > lo and tokens[i - 1].low in {"mood", "spirits", "mist"}) \
                    and not (i + 2 <= hi and tokens[i + 1].low == "in" and tokens[i + 2].low[:1].isdigit()) \
                    and not any(t.low in {"side", "adverse", "complaints", "nausea", "headache", "headaches", "unwanted", "reactions"}
                                for t in tokens[lo:i]):  # side effects went away: no claim
                hit = (i, i + 1 if word == "went" else i)
            elif word in EFFECT_NOUNS and (any(t.low in HAVING and not (k > lo and (tokens[k - 1].low in DETERMINERS or tokens[k - 1].low.endswith("est")))
                                               for k, t in enumerate(tokens[max(lo, i - 4):i], start=max(lo, i - 4)))
                                           # "had a profound and enduring impact on": adjectives joined by "and"
                                           or (i - 5 >= lo and tokens[i - 5].low in {"has", "have", "had"}
                                               and tokens[i - 4].low in {"a", "an"} and tokens[i - 2].low == "and"
                                               and tokens[i - 3].low in EFFECT_ADJECTIVES | MILD | {"enduring", "lasting"})
                                           # "has a number of positive effects for patients"
                                           or (i - 5 >= lo and tokens[i - 5].low in {"has", "have", "had"}
                                               and [t.low for t in tokens[i - 4:i - 2]] in (["a", "number"], ["a", "range"], ["a", "variety"]))
                                           # "has a wide range of benefits for maternal health"
                                           or (i - 5 >= lo and tokens[i - 5].low in {"has", "have", "had"} and tokens[i - 4].low in {"a", "an"}
                                               and tokens[i - 2].low in {"number", "range", "variety", "host"} and tokens[i - 1].low == "of")
                                           # "showed a small, dose-dependent effect of most ICS on growth"
                                           or (i - 5 >= lo and tokens[i - 5].low in HAVING and tokens[i - 4].low in {"a", "an"}
                                               and "," in {t.low for t in tokens[i - 3:i]})) \
                    and (tokens[i - 1].low not in {"side", "adverse", "unwanted", "zero", "to"}
                         # "surgery can have significant adverse effects on sexual function": harm done to something
                         or tokens[i - 1].low in {"adverse", "unwanted"} and i + 1 <= hi and tokens[i + 1].low == "on"
                         and not {t.low for t in tokens[i + 2:i + 5]} & {"day", "days", "week", "weeks", "night", "visit", "visits",
                                                                         "occasion", "occasions", "first", "second", "dosing"}) \
                    and not tokens[i - 1].low.endswith("est") \
                    and not (i + 1 <= hi and tokens[i + 1].low in {"size", "sizes", "estimate", "estimates"}
                             and (i + 2 > hi or tokens[i + 2].low not in {"on", "for"})) \
                    and not any(t.low in {"no", "little", "few"} for t in tokens[max(lo, i - 3):i]):
                hit = (i, i)
            elif word in ACTIVITIES and i > lo and _acting_on(tokens[i - 1].low) \
                    and any(t.low in HAVING for t in tokens[max(lo, i - 8):i - 1]) \
                    and not any(t.low in {"no", "little", "without", "unable"} for t in tokens[max(lo, i - 4):i]):
                hit = (i - 1, i)  # "possesses significant antimalarial activity": an effect in a lab or in animals
            elif i + 2 <= hi and word == "due" and tokens[i + 1].low in ADVERBS | {"rather", "mainly", "partly", "largely",
                                                                              "solely", "entirely", "primarily"} \
                    and tokens[i + 2].low == "to":
                hit = (i, i + 2)  # "due rather to neurotoxic effects"
            elif i + 1 <= hi and {word, tokens[i + 1].low} in BECAUSE and (
                    (i <= lo + 1 or i == lo + 2 and tokens[lo].low in LINKING and tokens[lo + 1].low == ",")
                    and {t.low for t in tokens[i + 2:hi + 1]} & ((RESEARCH_STEPS - ({"stopped", "terminated"} if not {
                        t.low for t in tokens[lo:hi + 1]} & {"trial", "study", "recruitment", "enrolment", "enrollment"} else set()))
                                                                 | {"unclear", "unknown", "uncertain", "trial",
                                                                                  "design", "blinded", "double-blinded", "conduct",
                                                                                  "meta-analysis", "meta-analyses", "need",
                                                                                  "limitations", "methodological",
                                                                                  "imprecise", "imprecision", "bias"})
                    or {t.low for t in tokens[i + 2:i + 5]} & {"lack", "absence", "paucity", "poor", "low", "limited"}
                    and {t.low for t in tokens[i + 2:i + 8]} & {"evidence", "data", "studies", "trials", "research"}
                    or {t.low for t in tokens[lo:i]} & {"research", "studies", "trials"}
                    and {t.low for t in tokens[lo:i]} & (RESEARCH_STEPS | {"advised", "suggested"})
                    or _research_reason(tokens, i, lo, hi)):
                hit = ()  # "Due to the small sample size, t-tests were conducted", "Further research is advised
                # because of the limited data": why the research did (or should do) something
            elif word == "due" and i + 2 <= hi and tokens[i + 1].low == "to" and tokens[i + 2].low in SCHEDULED:
                hit = ()  # "a study which is due to be published shortly": what is scheduled
            elif i + 1 <= hi and {word, tokens[i + 1].low} in BECAUSE \
                    and not any(t.low in NEGATIONS - NOMINAL_NEGATIONS or t.low.endswith("n't") for t in tokens[lo:i]) \
                    and not (i <= lo + 1 and any(t.text in {"may", "might"} for t in _main_clause_after(tokens, i))) \
                    and not (word == "because" and any(t.low in {"underwent", "received", "needed", "required", "chose", "had", "got"}
                                                       for t in tokens[max(lo, i - 5):i])
                             and "who" in {t.low for t in tokens[max(lo, i - 7):i]}) \
                    and not {t.low for t in tokens[i + 2:i + 5]} & {"safety", "risk", "risks", "concerns"} \
                    and not {t.low for t in tokens[i + 2:i + 4]} & {"possible", "potential", "suspected", "feared"} \
                    and not (word in {"attributed", "attributable", "secondary"} and _attribution_names_no_cause(tokens, i, lo, hi)) \
                    and not (word == "result" and i + 2 <= hi and tokens[i + 2].low[:1].isdigit()) \
                    and (word not in {"result", "consequence", "sequela", "sequelae"} or i > lo and (
                    tokens[i - 1].low in {"a", "as"} or tokens[i - 1].low == "the" and i > lo + 1
                    and (tokens[i - 2].low in AUXILIARIES or i > lo + 2 and _adverb(tokens[i - 2].low) and tokens[i - 3].low in AUXILIARIES)
                    # "is a common consequence of breast cancer treatment", "a distressing consequence of cancer"
                    or i > lo + 1 and tokens[i - 2].low in {"a", "an"} and tokens[i - 1].low in MILD | CONSEQUENTIAL
                    # "is a rare result of B19 infection", not "An unusual result of the blood test was": after a copula
                    and (tokens[i - 1].low not in UNCOMMON or i > lo + 2 and tokens[i - 3].low in AUXILIARIES))):
                hit = (i, i + 1)
            elif word == "down" and i + 2 <= hi and tokens[i + 1].low == "to" and i > lo \
                    and (j := _back_past_adverbs(tokens, i, lo, {"all", "entirely", "mostly", "partly", "simply", "just"})) >= lo \
                    and (tokens[j].low in {"it's", "that's", "it’s", "that’s"} or j > lo and tokens[j].low in COPULAS | {"be"}) \
                    and not (tokens[i + 2].low[:1].isdigit() or tokens[i + 2].low in OBJECT_PRONOUNS | NUMBERS
                             or {t.low for t in tokens[i + 2:i + 4]} & NOT_DOWN_TO
                             or any(_people_word(t.low) or t.low in CARE_ROLES | CARE_TEAM for t in tokens[i + 2:i + 5])):
                hit = (i, i + 1)  # "A blocked nose after a punch is usually down to the septum buckling": its cause
            elif word == "because" and (i + 1 > hi or tokens[i + 1].low != "of") \
                    and any(t.low in TREATMENT_SUBJECTS and k + 1 <= hi and (tokens[k + 1].low in IRREGULAR_PAST | {"taught", "let", "lets"}
                                                                      or tokens[k + 1].low.endswith("ed"))
                            for k, t in enumerate(tokens[i + 1:min(i + 5, hi + 1)], start=i + 1)):
                hit = (i, i)  # "... because the course taught them to name feelings"
            elif word == "because" and (i + 1 > hi or tokens[i + 1].low != "of") \
                    and any(t.low in COMPARATIVES or (t.low in EFFECT_VERBS and not _subject_is_actor(tokens, k, lo))
                            for k, t in enumerate(tokens[max(lo, i - 8):i], start=max(lo, i - 8))):
                hit = (i, i)  # "drank less because their parents had learned"
            elif word == "because" and i == lo and (i + 1 > hi or tokens[i + 1].low != "of") \
                    and not any(_negating(t.low) for t in tokens[lo:hi + 1]) \
                    and any(t.low in COMPARATIVES | {"earlier", "later", "sooner"} | CHANGE_VERBS_BARE | VANISHED
                            or (t.low in EFFECT_VERBS and t.low.endswith("ed"))
                            for t in tokens[next((k for k in range(i + 2, hi) if tokens[k].low == ","), hi) + 1:hi + 1]):
                hit = (i, i)  # "Because the ward switched to quicker antibiotics, fewer patients died", "..., her burnout eased"
            elif word == "since" and i == lo == 0 and _since_started(tokens, hi):
                hit = (i, i)  # "Since I started popping a lactase chewable, the cramps have simply stopped": what began, then the change
            elif word == "because" and (i == 0 or i == 2 and tokens[0].low in {"a", "answer"} and tokens[1].low == ":") \
                    and len(tokens) > i + 3 and tokens[i + 1].low != "of" \
                    and not any(t.low in {",", ";", ":"} | NEGATIONS or t.low.endswith("n't") for t in tokens[i + 1:]) \
                    and any(_treats(t.low) or t.low in EFFECT_VERBS | IRREGULAR_PAST or t.low.endswith("ed") for t in tokens[i + 2:]):
                hit = (i, i)  # "Why did her ulcer heal? Because the stockings got the blood moving again.": the answer
            elif word == "result" and i >= lo + 2 and tokens[i - 1].low == "a" and tokens[i - 2].low == "as" \
                    and (i == hi or tokens[i + 1].low in {",", ".", "!"}) \
                    and any(t.low in COMPARATIVES or t.low in EFFECT_VERBS for t in tokens[lo:i - 2]):
                hit = (i - 2, i)  # "slept better as a result"
            elif word == "result" and i == lo + 2 and tokens[lo].low == "as" and tokens[i - 1].low == "a" \
                    and i + 1 <= hi and tokens[i + 1].low == "," \
                    and not any(_negating(t.low) or t.low in HEDGES for t in tokens[i + 2:hi + 1]) \
                    and any(t.low in COMPARATIVES | VANISHED | {"grown", "grew", "fell", "fallen", "rose", "risen", "dropped",
                                                                "doubled", "tripled", "halved", "soared", "plummeted"}
                            or t.low in EFFECT_VERBS and t.low.endswith("ed") for t in tokens[i + 2:hi + 1]):
                hit = (lo, i)  # "As a result, the population of cannabis users has grown yearly"
            elif word in SOURCE_VERBS and i + 1 <= hi and tokens[i + 1].low == "from" \
                    and (any(t.low in CHANGE_NOUNS | COMPARATIVES for t in tokens[max(lo, i - 8):i])
                         or (word in ARISE and _ailment(_subject_word(tokens, i, lo))
                             and not any(t.low in {"whose", "of"} for t in tokens[lo:i])
                             and not {t.low for t in tokens[i + 2:i + 5]} & BODY_PLACES)):
                hit = (i, i + 1)  # "the improvement came from the shared experience", "Lactose intolerance arises
                # from too little lactase", "Auricular haematomas most commonly arise from glancing blows" (not
                # "patients whose symptoms arise from the facet joints": which patients; nor "the name of the
                # disease stems from", "the pain arose from the facet joints": where it is)
            elif word == "help" and i >= lo + 2 and tokens[i - 1].low == "the" and tokens[i - 2].low == "with" \
                    and i + 1 <= hi and tokens[i + 1].low == "of":
                hit = (i - 2, i + 1)  # "with the help of the therapy, fathers became..."
            elif word in EFFECT_NOUNS and (i <= lo + 1 or (i == lo + 3 and tokens[lo].low in LINKING and tokens[lo + 1].low == ","
                                                    and tokens[lo + 2].low in {"the", "this"})) \
                    and i + 2 <= hi and tokens[i + 1].low == "of" \
                    and tokens[i + 2].low not in {"time", "age", "sex", "gender", "group", "condition", "baseline", "period",
                                                  "order", "season", "year", "day"} \
                    and not (i > lo and tokens[i - 1].low in {"side", "adverse"}) \
                    and not any(t.low in EFFECT_DOUBTED
                                or (t.low == "not" and tokens[k - 1].low != "or")
                                for k, t in enumerate(tokens[i + 2:hi + 1], start=i + 2)):
                hit = (i, i + 1)  # "The benefit of MDMA sessions lasted...": the effect taken as given
            elif word in EFFECT_VERBS and sentence[token.end - offset:token.end - offset + 1] in ("–", "—", "/") \
                    and token.end - offset < len(sentence):
                hit = ()  # "the long-term benefit–risk profile": half of a compound noun
            elif word in PARTICLE_ONLY and not (i + 1 <= hi and tokens[i + 1].low == PARTICLE_ONLY[word]):
                hit = ()  # "Walking speed rose", "the dialysis ward": nouns; "speed up", "ward off" are verbs
            elif _noun_before_participle(tokens, i, hi) or _imperative_object(tokens, i, lo):
                hit = ()  # "the dilating drops used at your screening", "Skip your glaucoma drops the week before"
            elif word in {"affect", "affects", "affected", "affecting"} and i + 1 <= hi and (
                    tokens[i + 1].low[:1].isdigit() or tokens[i + 1].low in {"about", "around", "approximately", "nearly",
                                                                             "over", "up", "one", "millions", "almost",
                                                                             "everybody", "everyone"}
                    # "affects many children", "most of us"; not "can affect many aspects of life"
                    or (tokens[i + 1].low in {"most", "many"} and i + 2 <= hi and (_people_word(tokens[i + 2].low)
                                                                                  or tokens[i + 2].low == "of"))
                    or (_people_word(tokens[i + 1].low) and i + 2 <= hi and (tokens[i + 2].low[:1].isdigit()
                                                                            or tokens[i + 2].low in {"more", "less", "over", "under",
                                                                                                     "aged", "between", "older",
                                                                                                     "younger", "during"}))):
                hit = ()  # "affects about one in 2,000 babies", "affects women 3.6 times more": how many it touches
            elif word in {"affect", "affects", "affected", "affecting"} and _names_people_or_places([t.low for t in tokens[i + 1:hi + 1]]) \
                    and not _treatment_subject(tokens, i, lo):
                hit = ()  # "Scabies affects young children in particular", "can affect any hair-bearing area": who gets it, where
            elif word in {"keep", "keeps", "kept", "keeping"} and i + 1 <= hi and tokens[i + 1].low.endswith("ing"):
                hit = ()  # "ibogaine keeps cropping up in inquest paperwork": goes on happening
            elif word in {"end", "ends"} and i + 1 <= hi and tokens[i + 1].low in {"point", "points", "stage", "user", "users", "product"}:
                hit = ()  # "The primary end point was recurrence": a noun
            elif word.endswith("s") and i + 1 <= hi and tokens[i + 1].low in {"made", "did", "were", "have", "had", "produced",
                                                                                "caused", "led", "gave", "brought", "showed"} \
                    and not tokens[i + 1].text.isupper() \
                    and i > lo and tokens[i - 1].low not in {"it", "that", "which", "who", "this", "he", "she"}:
                hit = ()  # "Probiotic drops made no difference", "The new drops produced no fall": the plural noun before its verb
                # (not before "LED", a word in capitals: "The filter blocks LED light")
            elif word in {"keep", "keeps", "kept", "keeping"} and (i + 1 <= hi and tokens[i + 1].low in {"a", "an"}
                                                                  or not {t.low for t in tokens[i + 1:min(i + 7, hi + 1)]} & KEPT) \
                    and not any(t.low.endswith("ing") for t in tokens[i + 2:min(i + 5, hi + 1)]):
                hit = ()  # "the centre keeps a safe lounge": kept, not kept from harm or together
            elif word in {"produced", "made", "manufactured", "developed"} and i + 2 <= hi and tokens[i + 1].low == "by" \
                    and {t.low for t in tokens[i + 2:min(i + 7, hi + 1)]} & MAKERS:
                hit = ()  # "The cream was produced by a small Swiss company": who made it
            elif word in EFFECT_VERBS and i > lo and tokens[i - 1].low in COMPARATIVES and i + 1 <= hi \
                    and tokens[i + 1].low in {"rate", "rates", "score", "scores", "level", "levels", "counts", "numbers"}:
                hit = ()  # "had lower arrest rates": a measure's name, not a verb
            elif word in STATE_PARTICIPLES and _had_as_state(tokens, i, lo, hi):
                hit = ()  # "patients in delirium had prolonged hospitalization": what they had, not what they did
            elif word in EFFECT_VERBS:
                before = tokens[i - 1].low if i > lo else ""
                passive = before in AUXILIARIES or (  # "were considerably reduced", "were also notably reversed"
                    _adverb(before) and word.endswith(("ed", "en")) and i - 2 >= lo and (
                        tokens[i - 2].low in AUXILIARIES or (i - 3 >= lo and tokens[i - 3].low in AUXILIARIES
                                                            and _adverb(tokens[i - 2].low))))
                by_agent = passive and i + 1 <= hi and (tokens[i + 1].low == "by" or (
                    # "families are impacted negatively by AUD"
                    tokens[i + 1].low.endswith("ly") and i + 2 <= hi and tokens[i + 2].low == "by") or (
                    # "Weight was driven down by the shakes"
                    tokens[i + 1].low in {"down", "up", "away", "off"} and i + 2 <= hi and tokens[i + 2].low == "by")) and not (
                    # a number is an amount ("increased by 20%") or a time ("by 12 months of follow-up", "of
                    # age"), but not a time's worth of a treatment ("were increased by 4 weeks of sauna therapy")
                    i + 2 <= hi and tokens[i + 2].low[:1].isdigit() and not (
                        i + 4 <= hi and tokens[i + 3].low in TIME_UNITS and tokens[i + 4].low == "of"
                        and any(_treats(t.low) for t in tokens[i + 5:min(i + 8, hi + 1)]))) and not (
                    # "were increased by an average of 65%", "was reduced by about a third": an amount, not an agent
                    i + 2 <= hi and (tokens[i + 2].low in {"about", "approximately", "around", "nearly", "almost", "roughly",
                                                           "over", "half", "one-third", "one-half", "two-thirds"}
                                     or [t.low for t in tokens[i + 2:i + 4]] in (["an", "average"], ["a", "mean"], ["a", "median"],
                                                                                 ["a", "third"], ["a", "quarter"], ["a", "half"],
                                                                                 ["up", "to"], ["a", "factor"], ["a", "total"]))) and not (
                    i + 2 <= hi and tokens[i + 2].low in {"the", "week", "day", "month", "year", "follow-up", "then"}
                    and {t.low for t in tokens[i + 2:i + 4]} & {"end", "time", "week", "day", "month", "year",
                                                             "follow-up", "then", "close"})  # "by the end of"
                helped_to = passive and word in {"helped", "enabled"} and i + 1 <= hi and tokens[i + 1].low == "to"
                shown_to = before == "to" and i > lo + 1 and tokens[i - 2].low in SHOWN_TO - {
                    "observed", "ability", "capacity", "capable"} or (
                    # "has been shown to acutely reduce": an adverb between
                    i > lo + 2 and _adverb(before) and tokens[i - 2].low == "to"
                    and tokens[i - 3].low in {"shown", "found", "proven", "proved", "known", "demonstrated", "established"})
                progressive = word.endswith("ing") and before in {"is", "are", "was", "were", "been", "it's", "that's",
                                                                   "they're", "she's", "he's"} \
                    and not (i >= 2 and tokens[i - 2].low == "there")  # "There is increasing evidence"
                with_treatment = passive and i + 2 <= hi and tokens[i + 1].low == "with" \
                    and any(_treats(t.low) for t in tokens[i + 2:min(i + 5, hi + 1)])  # "reduced with treatment"
                by_later = passive and not by_agent and any(
                    tokens[k].low == "by" and k + 1 <= hi and any(_treats(t.low) for t in tokens[k + 1:k + 4])
                    for k in range(i + 2, min(i + 6, hi)))  # "were kept out of hospital by family therapy"
                shielded = passive and word in {"protected", "spared", "shielded", "saved"} and i + 1 <= hi \
                    and (tokens[i + 1].low == "from" or (word == "spared" and tokens[i + 1].low in {"the", "any", "all"}))  # "pups raised by attentive mothers were protected from stress"
                if by_agent or helped_to or with_treatment or by_later or shielded:
                    hit = (i, i + 1)
                elif word in {"increasing", "decreasing", "growing", "rising", "declining", "falling"} and i + 2 <= hi \
                        and tokens[i + 1].low in MEASURE_NOUNS | {"proportions", "proportion", "numbers", "amounts"} \
                        and tokens[i + 2].low == "of":
                    pass  # "..., increasing proportions of nurses reported": a measure growing, the subject
                elif word.endswith("ing") and (before in {",", "thus", "thereby", "hence"} or (
                        before.endswith("ly") and i - 2 >= lo and tokens[i - 2].low == ","
                        and before not in LIST_ADVERBS)) and _object_follows(tokens, i, hi) \
                        and not (before == "," and i - 2 == lo and tokens[lo].low in LINKING) \
                        and not token.text[0].isupper() \
                        and not any(t.low in MODALS_AND_BE for t in tokens[i + 2:min(i + 15, hi + 1)]):
                    hit = (i, min(i + 2, hi))  # "..., transforming how they talk": the result it brought
                elif passive and word in STRONG_PASSIVES and not (
                        i + 2 <= hi and tokens[i + 1].low == "in" and (tokens[i + 2].low[:1].isdigit() or tokens[i + 2].low in {">", "<", "all", "most", "half"})) \
                        and not any(t.low[:1].isdigit() for t in tokens[max(lo, i - 6):i - 1]):
                    hit = (i - 1, i)  # not "were resolved in >70% of the patients", "696 patients (92.8%) were cured": a count
                elif token.text[0].isupper() and i > 0 and not shouting:
                    pass  # "Maximal Lactate Steady State": a name, not a verb
                elif before == "and" and not word.endswith(("s", "ed", "ing")) and tokens[0].low in ADVICE_VERBS | ERRANDS \
                        and tokens[0].text[0].isupper() and lo == 0:
                    pass  # "Book a PRP injection ... and stop wasting money on straps": a second order, no finding
                elif i == lo + 1 and tokens[lo].low == ";":
                    pass  # "revealed reductions in X; lower levels of Y; increased Z": a list's items
                elif word in COMPARATIVES and before in {"and", ","} and any(
                        t.low in COMPARATIVES | {"greater", "upper", "inner", "outer", "smaller", "larger", "bigger", "lesser"}
                        for t in tokens[lo:i - 1]):
                    pass  # "higher reward dependence and lower harm avoidance": a list of measures
                elif (i in bracketed and word.endswith("ed")) or (i + 1 in bracketed and i not in bracketed):
                    pass  # "outcomes included relational (improved satisfaction; reduced conflict)": a list
                elif before in {"and", "or"} and word.endswith("s") and i >= 2 and tokens[i - 2].low.endswith("s") \
                        and not tokens[i - 2].low.endswith("ss") \
                        and not (i + 1 <= hi and (tokens[i + 1].low in DETERMINERS or _person(tokens[i + 1].low))):
                    pass  # "benefits and harms": nouns, joined
                elif word.endswith("ed") and _adverb(before) and i - 2 >= lo \
                        and tokens[i - 2].low in NOUN_CUES | {"and", "or"}:
                    pass  # "patients with severely impaired health": an adjective
                elif (word.endswith("ed") or word in COMPARATIVES) and before in GOT_OR_USED and i + 1 <= hi \
                        and tokens[i + 1].text[0].islower() and tokens[i + 1].low not in EFFECT_NOUNS:
                    pass  # "all patients received optimized standard-of-care", "analyzes elicited acceptance": an adjective
                    # (not "will receive increased benefits from", the benefits' cause named)
                elif (word == "double" and i + 1 <= hi and tokens[i + 1].low in {"blind", "blinded", "masked", "dummy"}) \
                        or (word == "reverse" and i + 1 <= hi and tokens[i + 1].low.startswith("transcript")) \
                        or (word == "rescue" and i + 1 <= hi and tokens[i + 1].low in NAMED_BY_USE) \
                        or (word == "free" and before.isalpha() and before not in AUXILIARIES | {"to", "and", "or", "help", "helps",
                                                                                                  "helped", "helping", "can", "could",
                                                                                                  "will", "would", "may", "might"}):
                    pass  # "double-blind", "rescue medication", "drug free lives", "reverse transcriptase": a noun's modifier
                elif word in {"lower", "higher"} and i + 2 <= hi and tokens[i + 2].low in FINITE_NEXT:
                    pass  # "Hands, feet and lower legs were unresponsive": an adjective, the noun's verb next
                elif word in {"block", "blocks"} and i > lo and _block_noun(tokens[i - 1].text, tokens[i - 2].low if i - 2 >= lo else ""):
                    pass  # "the nerve block eased her pain", "Prior to the ESP block the patient had required": the injection
                elif word == "repair" and not (i + 1 <= hi and (tokens[i + 1].low in DETERMINERS
                                                                 or tokens[i + 1].low.endswith("ed"))):
                    pass  # "inguinal hernia repair deliver", "open repair technique": the operation, a noun
                elif word in {"drop", "drops", "dropped", "dropping"} and i + 1 <= hi and tokens[i + 1].low == "out":
                    pass  # "three women dropped out of the study": attrition
                elif all(_adverb(t.low) or t.low in _CLAUSE_BREAKS | {",", "and"}
                         for t in tokens[lo:i]) and not (
                        # "X does not induce A, but induces B": a verb's -s form, its subject carried over
                        i > lo and tokens[lo].low == "but" and word.endswith("s") and not word.endswith("ss")
                        and _object_follows(tokens, i, hi)) and not (
                        # "X did not reduce A, but induced a higher risk of B": the subject carried over
                        i > lo and tokens[lo].low in _CLAUSE_BREAKS - {";", ":"} and i + 1 <= hi
                        and tokens[i + 1].low in DETERMINERS | COMPARATIVES | {"greater", "significant", "marked"}) \
                        and not _did_not_but(tokens, lo, i, hi):
                    pass  # no subject before it: "Significantly lower levels of ...", "but diminished capacity"
                elif i in bracketed and i - 1 not in bracketed:
                    pass  # the first word inside brackets: "(free transportation ...)" is a list or an aside
                elif word.endswith("ed") and before == "," and any(
                        tokens[k].low in {"showed", "revealed", "exhibited", "displayed", "demonstrated", "had"}
                        and tokens[k + 1].low.endswith("ed") for k in range(lo, i - 2)):
                    pass  # "showed accelerated closure, increased growth factor production and ...": a list of measures
                elif word.endswith("ed") and before in {",", ":", ";"} and i + 1 <= hi and tokens[i + 1].low in MEASURE_NOUNS:
                    pass  # "..., reduced number of eligible studies": an adjective
                elif i + 2 <= hi and tokens[i + 1].low in {"the", "our", "this", "their"} and (
                        tokens[i + 2].low in RESEARCH_OBJECTS or tokens[i + 2].low in REPORT_NOUNS):
                    pass  # "extend our knowledge", "elicited the views of caregivers": research, not people
                elif {t.low for t in tokens[i + 1:i + 3]} & {"secret", "secrets"} and not any(
                        tokens[k].low == "for" and (_person(tokens[k + 1].low) or tokens[k + 1].low in DETERMINERS)
                        for k in range(i + 2, hi)):
                    pass  # "scientists unlock secret behind ...": a headline's promise (hype), no effect named;
                    # not "unlocked the secret of lasting happiness for these users": done for people
                elif word in {"extend", "extends", "extended"} and {t.low for t in tokens[i + 1:i + 5]} & (
                        RESEARCH_OBJECTS | {"body", "field", "work", "findings", "results", "studies", "reviews", "review"}):
                    pass  # "extends the limited body of research"
                elif i + 1 <= hi and tokens[i + 1].low in FINITE_NEXT \
                        and not passive:
                    pass  # "AAA repair was significantly higher": a noun, its verb next
                elif word.endswith("s") and i + 1 <= hi and tokens[i + 1].low in {"now", "instead", "near", "inside"} and not passive:
                    pass  # "start respite breaks now", "switch to cat's claw drops instead": a plural noun
                elif (word == "smooth" and i + 1 <= hi and tokens[i + 1].low in {"muscle", "muscles"}) or (
                        word == "stem" and i + 1 <= hi and tokens[i + 1].low in {"cell", "cells", "cell-derived"}):
                    pass  # "airway smooth muscle", "cancer stem cells"
                elif word.endswith("ed") and before in {"had", "has", "have"} and _opens_with_creatures(tokens, lo) \
                        and {t.low for t in tokens[i + 1:i + 4]} & (MEASURE_NOUNS | {"concentrations", "expression"}):
                    pass  # "Mice that died early had increased plasma levels": what they had, not what a treatment did
                elif before in NUMBERS or (before[:1].isdigit() and not word.endswith("ed") and (
                        (i - 1) not in bracketed or word in COMPARATIVES)):
                    pass  # "fifteen foster carers", "12 cut sessions": a noun or an adjective after a number
                elif (before in NOUN_CUES and not (before == "," and word.endswith(("s", "ed")))
                      and not (before == "this" and _this_opens_verb(tokens, i, lo, hi))) \
                        or before.endswith("'s") or before.endswith("'") \
                        or (i + 1 <= hi and tokens[i + 1].low in {"of", "reduction", "minimisation", "minimization"}):
                    pass  # "the end of therapy", "the likelihood of harm", "an increase of": a noun
                elif (before in {"had", "has", "have", "exhibited", "showed", "displayed", "reported", "demonstrated"} or (
                        before.endswith("ly") and i - 2 >= lo and tokens[i - 2].low in {"had", "showed", "demonstrated",
                                                                                        "exhibited", "displayed"})) \
                        and not word.endswith(("ed", "en")) and word not in PARTICIPLES:
                    pass  # "had lower rates": an adjective after a verb of having
                elif _purpose(tokens, i, lo) and not shown_to:
                    pass  # "to safely expand access", "to help alleviate": a purpose, not a finding
                elif before == "to" and not shown_to:
                    pass  # "to rebuild trust": a purpose, not a finding
                elif word.endswith("ed") and before in {"significantly", "statistically"} and i >= lo + 2 \
                        and tokens[i - 2].low not in ADJECTIVE_CUES | {"showed", "revealed", "had", "have", "has", "found",
                                                                       "reported", "exhibited", "demonstrated"} \
                        and _object_follows(tokens, i, hi) and not _subject_is_actor(tokens, i - 1, lo):
                    hit = (i - 1, min(i + 2, hi))  # "engagement in PACE significantly improved child outcomes"
                elif word.endswith("ed") and before in ADJECTIVE_CUES | {"maintained", "maintain", "maintains", "include", "includes", "included",
                                                                         "including", "such", "like", "revealed", "showed", "identified",
                                                                         "exhibited", "displayed", "found", "reveal", "show"} \
                        and not (before in {"and", "or"} and i + 1 <= hi and tokens[i + 1].low in DETERMINERS | POSSESSIVES | {
                            "every", "each", "all", "any", "both"}) \
                        and not (before == "and" and any(t.low in TREATMENT_SUBJECTS for t in tokens[lo:lo + 4])):
                    pass  # "a decreased risk": an adjective
                elif progressive and _object_follows(tokens, i, hi) and not _subject_is_actor(tokens, i, lo):
                    hit = (i, min(i + 2, hi))  # "clinics are helping people"
                elif word in {"help", "helps", "helped"} and i + 2 <= hi and tokens[i + 1].low == "to" \
                        and before not in {"need", "needs", "needed", "want", "wants", "wanted", "seek", "sought",
                                           "asked", "get", "got", "received", "more", "extra", "some", "any"} \
                        and tokens[i + 2].low not in UNDERSTANDING \
                        and not _subject_is_actor(tokens, i, lo):
                    hit = (i, i + 2)  # "have helped to widen"
                elif i + 1 <= hi and tokens[i + 1].low in {"their", "his", "her"} and _people_word(_subject_word(tokens, i, lo)) \
                        and _opens_with_creatures(tokens, lo + (1 if tokens[lo].low in {"all", "the", "most", "many"} else 0)):
                    pass  # "All subjects improved their stepping": what they did, no cause named
                elif not passive and not word.endswith("ing") and i > 0 and _object_follows(tokens, i, hi) \
                        and not _subject_is_actor(tokens, i, lo) and tokens[i + 1].low not in RESEARCH_OBJECTS - {"the", "our", "this"} \
                        and not _natural_course([t.low for t in tokens[i:i + 7]], 0):
                    hit = (i, min(i + 2, hi))  # (not "resolves without any treatment as the child grows")
            if hit is None and i > lo and _treatment_acts(tokens, i, lo, hi):
                hit = (i, min(i + 2, hi))  # "the nasal spray pulled patients out of depression"
            if hit is None and i > lo + 1 and _can_do(tokens, i, lo, hi):
                hit = (i, min(i + 2, hi))  # "Intense habits can deform the alveolus"
            if not hit or hit[0] in flagged:
                continue  # none, or the word was read and found no claim (hit == ())
            if _warned(tokens, i, lo, cautioned):
                continue  # "Psilocybin seems fairly safe, but it can trigger panic": a harm warned of, not shown
            if _taken_back(tokens, i, clause, elsewhere):
                continue
            while hit[1] > hit[0] and tokens[hit[1]].low in PREPOSITIONS - {"to", "in", "by"}:
                hit = (hit[0], hit[1] - 1)
            flagged.update(range(hit[0], hit[1] + 1))
            words = sentence[tokens[hit[0]].start - offset: tokens[hit[1]].end - offset]
            found.append(Claim("causal_claim", words, tokens[hit[0]].start, f"'{words}' {_CAUSAL_MESSAGE}"))
        starts = [t.start for t in tokens]
        for span in IDIOMS.spans(sentence):
            i = _index_at(starts, offset + span.start)
            if i >= len(tokens) or i in flagged or _taken_back(tokens, i, clauses[i], elsewhere) \
                    or _warned(tokens, i, clauses[i].lo, cautioned):
                continue
            # a rule's flag inside the idiom ("its job" in "did its job") gives way to the whole idiom
            inside = [c for c in found[found_before:] if offset + span.start < c.start < offset + span.end]
            found[found_before:] = [c for c in found[found_before:] if c not in inside]
            flagged.difference_update(range(i + 1, _index_at(starts, offset + span.end)))
            flagged.add(i)
            words = sentence[span.start:span.end]
            found.append(Claim("causal_claim", words, offset + span.start, f"'{words}' {_CAUSAL_MESSAGE}"))
        if len(found) == found_before and n + 1 < len(read):
            asked = _answered_question(tokens, read[n + 1][2])
            if asked is not None:  # "What brought my mum back from catatonia? Six sessions of ECT."
                found.append(Claim("causal_claim", tokens[asked].text, tokens[asked].start,
                                   f"'{tokens[asked].text}' {_CAUSAL_MESSAGE}"))
        # where the rules flagged a sentence the learned reader is all but sure is no claim, the rules
        # misread its shape: on sets the rules had never seen, most such flags were false alarms
        # (claims_model.py); the editors' own causal_words below are flagged whatever it thinks
        ruled = len(found) > found_before
        # ... but not in a sentence another check flagged: the reader learned from sentences labelled
        # hype or safety alone, so a sales pitch or a promise of safety tells it "no effect claimed"
        # ("Fennel tea is safe for all babies and eases their tummies")
        if ruled and not elsewhere and claims_model.unlikely(sentence, [(c.start - offset, c.start - offset + len(c.words))
                                                      for c in found[found_before:]]):
            del found[found_before:]
            flagged.clear()
        if extra_words is not None:
            for span in extra_words.spans(sentence):
                i = _index_at(starts, offset + span.start)
                words = sentence[span.start:span.end]
                if i >= len(tokens) or i in flagged or _taken_back(tokens, i, clauses[i], elsewhere) or set(words) & set(";:()"):
                    continue  # taken back, or a phrase read across a clause's end ("Results: In the...")
                flagged.add(i)
                found.append(Claim("causal_claim", words, offset + span.start, f"'{words}' {_CAUSAL_MESSAGE}"))
        # what the rules passed, the learned model may still read as a claim (claims_model.py)
        if len(found) == found_before and not ruled and claims_model.probability(sentence) >= claims_model.THRESHOLD:
            quoted = _reader_quote(sentence, offset, tokens, clauses, starts, elsewhere)
            if quoted is not None:
                words, at = quoted
                found.append(Claim("causal_claim", words, offset + at, f"'{words}' {_CAUSAL_MESSAGE}"))
    return sorted(found, key=lambda c: c.start)


def _answered_question(tokens: list[_Token], answer: list[_Token]) -> int | None:
    """Where a question about an effect is answered by the next sentence, the place of its verb of
    effect: "What brought my mum back from catatonia? Six sessions of ECT.", "Was it the wraps that
    calmed his skin? Yes, within three nights." The answer states the effect the question takes as
    given. None for a question left open, or answered by another question."""
    if len(tokens) < 3 or tokens[-1].low != "?" or not answer or answer[-1].low == "?":
        return None
    if tokens[0].low in {"q", "question"} and tokens[1].low == ":":
        # "Q: What brought the headaches back? A: Taking paracetamol most days."
        if answer[0].low in {"a", "answer"} and len(answer) > 2 and answer[1].low == ":":
            answer = answer[2:]
        found = _answered_question(tokens[2:], answer)
        return None if found is None else found + 2
    first = tokens[0].low
    if first in {"what", "who", "which"}:
        k = 1
        while k < len(tokens) - 1 and _adverb(tokens[k].low):
            k += 1  # "What finally got ..."
        if tokens[k + 1].low in PREPOSITIONS or tokens[k + 1].low == "?":
            return None  # "What improved in the trial? Scores ...": what changed, not what changed it
        verb = tokens[k].low  # a quotable verb, or one of effect a research step shares ("What stopped my reflux?")
        return k if _quotable(verb) or verb in EFFECT_VERBS and verb not in NOT_QUOTED else None
    if first in {"was", "were", "is", "are", "did", "does", "do"} and answer[0].low in {"yes", "yep", "yeah", "absolutely",
                                                                                        "definitely", "certainly"}:
        # a verb of effect, or an -ed form right after "that": "Was it the wraps that calmed his skin?"
        return next((k for k in range(1, len(tokens)) if _verb_of_effect(tokens[k].low) and (
            tokens[k].low in EFFECT_VERBS or tokens[k - 1].low in {"that", "which", "who"})), None)
    return None


# Verbs that make someone do or have something ("got Mrs Patel walking again", "gave my uncle a
# liver injury", "taught us to argue without wounding"): the rules read them only in some shapes,
# and they are quoted when the learned reader finds a claim in them
CAUSATIVES = {"got", "gets", "gave", "gives", "taught", "teaches", "left", "leaves", "means", "meant", "bought", "buys",
              "spared", "spares", "let", "lets", "kept", "keeps", "put", "puts", "sent", "sends",
              # and "cause" and "create", which the rules read only in some shapes ("which causes microtrauma")
              "cause", "causes", "caused", "create", "creates", "created",
              # and the irregular forms of verbs of wear and breakage ("was broken by the purge", "has worn my wife down")
              "broken", "worn", "wore", "torn", "shaken", "beaten", "overcome", "overcame", "undone", "woken", "thrown"}


def _quotable(word: str) -> bool:
    return _verb_of_effect(word) or word in CAUSATIVES


def _quotable_here(every: tuple[tuple[str, int, int], ...], k: int, sentence: str) -> bool:
    """Whether the word at k, quotable as a word, is a verb of effect where it stands: not an aim
    ("a new way to reduce travel and improve access"), not an adjective after a
    verb of receiving or a determiner ("received lower doses"), not a delay by a stretch of time
    ("was delayed by a week")."""
    word = every[k][0]
    before = every[k - 1][0] if k else ""
    if before == "to":
        return False  # "a new way to reduce travel": an aim, not a finding
    if word in {"randomised", "randomized", "blinded"} or (word == "referred" and every[k + 1:k + 2] and every[k + 1][0] == "to"):
        return False  # "a randomised trial", "often referred to as jet lag": a design, a name
    if word in {"led", "run", "delivered", "funded", "organised", "organized", "facilitated", "hosted", "supervised",
                "conducted", "sponsored"} and every[k + 1:k + 2] and every[k + 1][0] == "by":
        return False  # "The intervention was led by the Holistic Life Foundation": who ran it
    if before in {"and", "or"} and any(every[m][0] == "to" for m in range(max(0, k - 6), k - 1)):
        return False
    if before in {"a", "an", "the", "with", "of", "any", "some", "their", "his", "her", "its", "our", "your", "my",
                  "received", "receive", "receives", "receiving", "given", "got", "get", "gets", "showed", "shows",
                  "show", "exhibited", "displayed"}:
        return False
    if word in {"cause", "causes"} and [w for w, _, _ in every[k + 1:k + 2]] in (["for"], ["of"]) \
            and {w for w, _, _ in every[k + 2:k + 4]} & (CONCERNS | VISITS | COUNTED_OUTCOMES - {"death", "deaths"}):
        return False  # "a major cause for concern", "common causes of referral": why people worry or come
    if word.endswith("ing") and before in COMPARATIVES | {"faster", "slower", "quicker"}:
        return False  # "slower healing": a noun
    if word in {"block", "blocks"} and k and _block_noun(sentence[every[k - 1][1]:every[k - 1][2]],
                                                         every[k - 2][0] if k >= 2 else ""):
        return False  # "resolved immediately after the nerve block", "Prior to the TAP block": the injection
    if word == "free" and (before in {"smoke", "drug", "pain", "symptom", "seizure", "relapse", "alcohol", "disease",
                                      "gluten", "sugar", "risk", "debt", "stress", "fear", "tobacco", "nicotine"}
                           or every[k + 1:k + 2] and every[k + 1][0] in {"of", "from"} and before in AUXILIARIES | COPULAS):
        return False  # "smoke free lives", "were free of symptoms": a state, not a verb
    if (word in {"impact", "impacts"} and before.endswith("est")) \
            or before in {"include", "includes", "included", "including", "such", "like"}:
        return False  # "has the greatest impact in", "These include increased length of stay": a noun, an adjective
    after = [w for w, _, _ in every[k + 1:k + 4]]
    if word.endswith("s") and not word.endswith("ss") and after[:1] and after[0] in {
            "can", "could", "may", "might", "will", "would", "should", "must"}:
        return False  # "Steroid drops can be used": a plural noun, a modal next
    if word in {"affect", "affects", "affected", "affecting"} and _names_people_or_places(after):
        return False  # "mainly affects the elderly", "can affect any hair-bearing area": who gets a disease, where
    return not (word.endswith("ed") and after[:1] == ["by"] and set(after[1:]) & TIME_UNITS)


# Where the reader quotes a whole sentence: none of these words (claims.py's own take-backs), and
# no word the rules know as one of effect (they read the sentence and passed it); the quote is the
# sentence's first QUOTED_WORDS words
TAKING_BACK = HEDGES | SCOPING_HEDGES | NEGATIONS | {"can", "should"}
REASONS = {"because", "thanks", "due", "owing"}
# A routine begun or ended, which the reader is not to read as an effect ("The therapist ends every session with ...")
BOUNDS = {"ends", "end", "ended", "starts", "start", "started", "begins", "began", "opens", "closes", "closed"}
ROUTINES = {"session", "sessions", "day", "meeting", "meetings", "class", "classes", "visit", "visits", "appointment",
            "appointments", "evening", "week"}
# What takes back a claim the reader is CERTAIN of, anywhere in the sentence: a modal hedge, a
# negation (but one in a later clause, _later_denial), a doubt, someone's view; not the research
# words among the hedges ("mice explore the open arms", "the way my brain reads signals")
DOUBTS = NEGATIONS | DOUBTING | {"opinion", "view", "can", "should"}
# (and the words of a source the rules read: "Melanoma arises from pigment cells"; not "came", as in
# "the colour came back into her cheeks")
KNOWN_EFFECT_WORDS = EFFECT_VERBS | MAKES | CAUSATIVES | REASONS | ARISE | {"arising", "stemming"}
QUOTED_WORDS = 10


# After a verb of getting better: by itself, with no one's doing ("improves with age", "resolves
# without any intervention as the child grows", "settles on its own")
NATURAL_COURSE = (("with", "age"), ("without", "intervention"), ("without", "any"), ("without", "treatment"), ("on", "its"),
                  ("by", "itself"), ("as", "the"))
BETTER_ALONE = {"improve", "improves", "improved", "resolve", "resolves", "resolved", "settle", "settles", "settled",
                "disappear", "disappears", "disappeared", "heal", "heals", "healed", "regress", "regresses", "regressed",
                "correct", "corrects", "corrected", "normalise", "normalises", "normalize", "normalizes", "spontaneously"}


def _natural_course(lows: list[str], k: int) -> bool:
    """A verb of getting better at k with no cause but time ("this improves without any intervention
    as the child grows", "improves with age"; "as the" only before growing or ageing)."""
    if lows[k] not in BETTER_ALONE:
        return False
    after = lows[k + 1:k + 4]
    if after[:1] == ["spontaneously"]:
        return True
    pair = tuple(after[:2])
    if pair == ("as", "the"):
        return bool(set(lows[k + 3:k + 6]) & {"grows", "ages", "matures", "develops"})
    if pair == ("on", "its"):
        return lows[k + 3:k + 4] == ["own"]  # not "improves on its predecessor": better than it
    if pair[:1] == ("without",):
        # "without any treatment", not "without any treatment other than the new cream"
        nothing = next((m for m in range(k + 2, min(k + 5, len(lows))) if lows[m] in {"intervention", "treatment", "therapy"}), None)
        return nothing is not None and lows[nothing + 1:nothing + 2] not in (["other"], ["but"], ["except"], ["apart"])
    return pair in NATURAL_COURSE


def _reader_quote(sentence: str, offset: int, tokens: list[_Token], clauses: list[_Clause],
                  starts: list[int], elsewhere: bool) -> tuple[str, int] | None:
    """The words to quote for a claim the learned reader found in a sentence the rules passed, and
    where they start in it; None where the reader is not to be followed. elsewhere: another check
    flagged the sentence, so a verb in the future is a promise (_taken_back), not a claim."""
    from . import claims_model
    # not where the rules read people's own report ("My neighbour says the ceremony cured her
    # anxiety", "A few stopped early because they felt unwell"): the reader reads words, not who says them
    if any(c.reported < len(tokens) for c in clauses):
        return None
    lows = [t.low for t in tokens]

    def denied(lo: int, hi: int) -> bool:
        """An effect denied outright in tokens lo..hi ("had no lasting effect on my mood", "zero
        difference"; not "no side effects", which denies harm, not the effect)."""
        return any(lows[k] in NONE_OF | {"little"} and lows[k + 1:k + 2] != ["side"]
                   and set(lows[k + 1:k + 3]) & (EFFECT_NOUNS | CHANGE_NOUNS | {"difference", "change"}) for k in range(lo, hi + 1))
    if set(lows) & OPEN_ANSWERS:
        return None  # nor where the effect is said to be still open ("its impact on behavior remain underexplored")
    if set(lows) & CAUSE_WORDS and _no_cause_found(tokens, 0, len(tokens) - 1):
        return None  # nor a cause named as none ("The most common cause ... was idiopathic")
    if set(lows) & LITERATURE_SEARCH and _search_yield(tokens, 0, len(tokens)):
        return None  # nor a literature search's yield ("Our database search resulted in 812 articles")
    # only where a verb of effect pushed it there: the model alone also likes the words around
    # claims ("What a new study of MDMA-assisted therapy found ...")
    strongest = claims_model.strongest_word(sentence, _quotable, functools.partial(_quotable_here, sentence=sentence))
    if strongest is not None and len(strongest[0]) > 1 and strongest[0].isupper() \
            and sentence[strongest[1] - 1:strongest[1]] == "(":
        return None  # "zoster-associated pain (ZAP)": an abbreviation, not a verb
    if strongest is None:
        # no verb of effect to point to ("Multifamily group sessions drew my daughter out of her
        # shell"): where the reader is all but sure, the sentence itself is quoted, but not where an
        # effect is denied anywhere in it ("Ketamine had no lasting effect on my mood once the infusions ended")
        sure = claims_model.probability(sentence)
        if denied(0, len(tokens) - 1) or len(tokens) < 5 or sure < claims_model.SURE:
            return None
        # nor where any word could take it back, with no verb to say which, nor where the rules read
        # the words of effect it has and passed them ("Mothers who had caesareans because of breech
        # babies stopped breastfeeding sooner"), nor after an opening "Since ..." that names a time
        # ("Since my son started school, he has never slept through the night"). Where it is
        # CERTAIN, a hedge or a negation still takes it back ("Nothing drew my brother out of his
        # shell", "..., I think"), but not a negation in a clause that follows the claim and says
        # what it led to (_later_denial: "made my urge to smoke evaporate, and I haven't lit up
        # since"), nor a "not" that sets one cause against another ("It was the
        # iron tablets, not the ointment, that finally shut the sores"), a verb of effect the rules
        # passed is the reader's to read ("Soaking my feet made the little bubbles dry out"), and so
        # is a reason opening the sentence ("Because of the home visits, nobody needed a locked
        # ward"), but not one inside it ("who had caesareans because of breech babies")
        comma = next((k for k in range(1, len(lows)) if lows[k] == ","), None)
        if sure >= claims_model.CERTAIN:
            vetoed = any(w in DOUBTS and not _contrast(lows, k) and not _later_denial(lows, k, comma) for k, w in enumerate(lows)) \
                or any(w in REASONS for w in lows[1:])
        else:
            vetoed = any(w in TAKING_BACK or w in KNOWN_EFFECT_WORDS for w in lows) \
                or any(w in {"reason", "reasons"} and lows[m + 1:m + 2] in (["for"], ["why"]) for m, w in enumerate(lows))
            # ("The main reason for dropping out was the long journey": a reason the rules read, not "the
            # one reason my blood pressure is normal now")
        if vetoed or lows[0] == "since" and _since_a_time(tokens, _since_comma(tokens, len(tokens) - 1)):
            return None
        found = claims_model.words(sentence)
        return sentence[:found[min(len(found), QUOTED_WORDS) - 1][2]], 0  # its opening words, as the quote
    # ... nor where the rules read that word as hedged, negated or reported in its clause
    # ("Nothing shows that ayahuasca mends broken marriages")
    k = _index_at(starts, offset + strongest[1])
    if k < len(tokens) and lows[k].startswith("contribut") and {t.low for t in tokens[k + 1:k + 5]} & MODEL_TERMS:
        return None  # ... nor where a model weighed it ("Age and BMI contributed significantly to the likelihood
        # of falls"), as the rules read it
    presented = next((m for m in range(len(lows) - 1) if lows[m] in {"presented", "presents", "presenting"} and lows[m + 1] == "with"), None)
    if presented is not None and not any(_treats(w) or w in TREATMENT_WORDS for w in lows[presented + 2:]):
        return None  # ... nor in a case's presentation ("A 32-year-old man presented with a marked reaction that
        # had started six hours after having blonde tips applied"): what happened to one patient (not "A girl
        # presented with a stammer that weekly speech therapy ironed out": a treatment named after it)
    if k < len(tokens) and _natural_course(lows, k):
        return None  # ... nor where a condition gets better by itself ("it is often harmless and improves with age")
    if 0 < k < len(tokens) and lows[_back_past_adverbs(tokens, k, clauses[k].lo)] in RESEARCHERS and (
            lows[k] not in EFFECT_VERBS or set(_object_phrase(lows, k)) & STUDY_SETTINGS):
        return None  # ... nor what the researchers did ("researchers moved gut bacteria into mice")
    if k < len(tokens) and (_taken_back(tokens, k, clauses[k], elsewhere) or denied(clauses[k].lo, clauses[k].hi)):
        return None  # ... nor where its clause denies an effect ("made zero difference to my cramps, but
        # the tablets sorted them out" keeps "sorted")
    # ... nor where a treatment itself came to an end ("Weight gain continued after family-based
    # treatment ended")
    if strongest[0].lower() in {"ended", "stopped", "finished", "ceased"} and 0 < k and tokens[k - 1].low in TREATMENT_WORDS | {
            "course", "courses", "study", "trial", "programmes", "programs", "therapies", "treatments", "interventions"}:
        return None
    # ... nor where a session is begun or ended ("The therapist ends every session with slow breathing"): a routine
    if k < len(tokens) and lows[k] in BOUNDS and {t.low for t in tokens[max(0, k - 2):k + 4]} & ROUTINES:
        return None
    return strongest


# What researchers set in their own study, which they may raise or lower ("Researchers reduced the dose")
STUDY_SETTINGS = {"dose", "doses", "dosage", "dosing", "sample", "questionnaire", "questionnaires", "questions",
                  "temperature", "session", "sessions", "interval", "criteria", "treatment", "drug", "exercise",
                  "infusion", "solution", "treadmill", "protocol", "threshold"}


def _object_phrase(lows: list[str], k: int) -> list[str]:
    """The words after the verb at k up to the first preposition but "of": its object ("the number
    of sessions"; "anxiety" in "reduced anxiety with a single dose")."""
    out = []
    for w in lows[k + 1:k + 8]:
        if w in PREPOSITIONS - {"of"} or w in {",", ";", ":", "to", "because", "after", "before", "so"}:
            break
        out.append(w)
    return out


# Who did the research: what they did is method, not an effect ("researchers moved gut bacteria into mice")
RESEARCHERS = {"researchers", "scientists", "investigators", "authors", "researcher", "scientist"}
# What a study "contributed to" when it gave data, not an effect ("Thirty trials contributed to the analysis")
CONTRIBUTED_DATA = {"analysis", "analyses", "meta-analysis", "meta-analyses", "review", "dataset", "data", "sample",
                    "synthesis", "pooled", "results", "estimate", "estimates", "model"}


# -- hype, safety, advice ----------------------------------------------------------------------------

def _index_at(starts: list[int], position: int) -> int:
    """The index of the first token starting at or after `position` (bisection: linear overall)."""
    return bisect.bisect_left(starts, position)


BREAKTHROUGH_SYMPTOMS = ("activity", "pain", "seizure", "bleeding", "infection", "cases", "symptoms", "episode",
                         "nausea", "vomiting", "depression")


def hype_claims(text: str, hype_words: Terms) -> list[Claim]:
    """Hype words and superlatives, except those negated in the six words before them, within
    their clause ("not a cure", "does not prove", "no miracle"); where they find none, the learned
    hype reader may (_hype_read)."""
    out: list[Claim] = []
    for offset, sentence, tokens in _read(text):
        starts = [t.start for t in tokens]
        clauses = None  # worked out once, for the first match that needs them
        taken = -1  # the end of the last match counted: overlapping matches count once
        shaped: list[Claim] = []  # found by their shape; kept where no listed phrase covers them
        phrased_from = len(out)
        for k, t in enumerate(tokens[1:], start=1):
            # a superlative about a treatment: "the mightiest healing brew the planet has ever
            # offered", "the most precise cancer weapon ever built", "the greatest psychiatric drug"
            most = t.low == "most" and k + 1 < len(tokens) and tokens[k + 1].low.isalpha() \
                and tokens[k + 1].low not in STUDY_MOSTS
            est = (t.low.endswith("est") and len(t.low) > 5 or t.low == "best") and t.low.isalpha() and t.low not in STUDY_SUPERLATIVES \
                and not (k + 1 < len(tokens) and tokens[k + 1].low in NOT_BEST)
            # "the best investment any government will ever make", "the single greatest innovation in general practice"
            single = tokens[k - 1].low == "single" and k > 1 and tokens[k - 2].low == "the"
            if not (most or est) or (tokens[k - 1].low not in {"the", "its", "our", "their"} and not single) \
                    or any(x.low in NEGATIONS for x in tokens[max(0, k - 4):k]):
                continue
            ever = next((m for m in range(k + 1, min(k + 9, len(tokens))) if tokens[m].low == "ever"), None)
            if ever is not None and (tokens[k + 1].low in PROBLEM_ADJECTIVES or ever + 1 < len(tokens) and tokens[ever + 1].low in {
                    "reported", "recorded", "documented", "observed", "described", "seen"}):
                continue  # "the most severe symptom ever reported": a problem, or a study's record
            if ever is not None or (single and est) or (
                    est and t.low not in PLAIN_SUPERLATIVES and {x.low for x in tokens[k + 1:k + 3]} & CURES):
                shaped.append(Claim("hype", t.text, t.start,
                                    f"'{t.text}' promises more than one study can show: say what the study found"))
                break
        for k, t in enumerate(tokens[1:-1], start=1):  # "a wonder block", "this wonder pill"
            if t.low == "wonder" and (tokens[k - 1].low in {"a", "this", "the", "new", "that", ":"}
                                      or k > 1 and tokens[k - 2].low in {"a", "this", "the", "that"} and tokens[k - 1].low.isalpha()) \
                    and tokens[k + 1].low.isalpha() and tokens[k + 1].low not in PREPOSITIONS | {"why", "how", "what", "whether"}:
                shaped.append(Claim("hype", sentence[t.start - offset:tokens[k + 1].end - offset], t.start,
                                    f"'{t.text} {tokens[k + 1].text}' promises more than one study can show: say what the study found"))
        spans = sorted(list(hype_words.spans(sentence)) + list(SUPERLATIVES.spans(sentence)),
                       key=lambda sp: (sp.start, -sp.end))
        for span in spans:
            start = offset + span.start
            if start < taken:
                continue
            i = _index_at(starts, start)
            before = []
            for t in reversed(tokens[max(0, i - 6):i]):
                if t.low in (";", ":", ","):
                    break
                before.append(t.low)
            if any(_negating(w) for w in before) and \
                    not sentence[max(0, span.start - 22):span.start].lower().rstrip().removesuffix(" a").removesuffix(" an").endswith(INTENSIFIERS):
                continue
            if {t.low for t in tokens[max(0, i - 12):i]} & RESEARCH_QUESTIONS:
                continue  # "it is unclear which drug is most effective", "trials are needed to reach consensus
                # regarding the most effective treatment": a question, not a promise
            if clauses is None:
                clauses = _clauses(tokens)
            if i < len(tokens) and clauses[i].reported < i and tokens[clauses[i].reported].low not in {"found", "find", "finds"} \
                    and not _vouched(tokens, clauses[i].reported, i):
                continue  # "veterans described it as life-changing": their words, reported
            if span.start > 0 and sentence[span.start - 1] in "\"'“‘":
                continue  # a word in quotation marks is someone's word, quoted
            if sentence[span.end:span.end + 25].lower().lstrip().startswith(("therapy designation", "designation")):
                continue  # the FDA's "breakthrough therapy designation" is a name, not a promise
            if sentence[span.start:span.end].lower().startswith("prov") and _proof_not_promised(tokens, i):
                continue  # "studies are needed to prove its efficacy": what is still to be shown
            if sentence[span.start:span.end].lower() in {"proven", "proved"} and \
                    sentence[span.end:span.end + 15].lower().lstrip().startswith(("safe", "to be safe")):
                continue  # "proven safety": the safety check's to judge, not a promise of results
            if sentence[span.start:span.end].lower().startswith("cure") and (
                    (i > 0 and tokens[i - 1].low in {"objective", "subjective", "clinical", "complete", "microbiological",
                                                      "parasitological", "sustained", "virological"})
                    or {t.low for t in tokens[i + 1:i + 2]} & {"rate", "rates"}
                    # "The main outcome measures were cure, and cure or treatment completion", "cure rates of 64%,
                    # 55%, and 62%": an outcome counted; "measures leading to cure is urgently needed": to be found
                    or {t.low for t in tokens[max(0, i - 8):i + 4]} & {"outcome", "outcomes", "measure", "measures", "endpoint",
                                                                       "endpoints", "rates", "rate"}
                    or {t.low for t in tokens[i + 1:i + 4]} & {"needed", "required", "necessary"}
                    or (i > 1 and tokens[i - 1].low == "to" and tokens[i - 2].low in {"aims", "aim", "aimed", "aiming", "seeks",
                                                                                     "seek", "sought", "intended", "designed"})):
                continue  # "objective cure", "cure rates", "it aims to cure": an outcome measured, an aim, not a promise
            if sentence[span.start:span.end].lower() in {"proved", "proven"} and \
                    {t.low for t in tokens[i + 1:i + 3]} & {"to", "effective", "beneficial", "useful", "successful", "efficacious",
                                                            "effectiveness", "efficacy", "likely", "unlikely"}:
                continue  # "have proved to be beneficial": an efficacy claim, the cause-and-effect check's to judge
            phrase = sentence[span.start:span.end].lower()
            if phrase.startswith("most ") and {t.low for t in tokens[max(0, i - 3):i]} & {"appears", "appear", "appeared",
                                                                                      "seems", "seem", "seemed"}:
                continue  # "CPAP appears to be most effective in improving sleep apnea": a comparison, hedged
            if phrase == "gold standard" and ({t.low for t in tokens[max(0, i - 4):i]} & {
                    "considered", "regarded", "recognised", "recognized", "accepted", "remains", "remain"}
                    or {t.low for t in tokens[i + 2:i + 5]} & {"monitoring", "diagnosis", "diagnosing", "detecting", "detection",
                                                              "measuring", "measurement", "assessment", "imaging", "screening",
                                                              "test", "testing"}
                    or _standard_of_care(tokens, i)):
                continue  # "is considered the gold standard for inducing sepsis", "the gold standard treatment is
                # fasciotomy", "the gold standard in the management of facet pain": a standing, cited
            if (phrase == "unprecedented" and {t.low for t in tokens[i + 1:i + 3]} & GROWTH) or (
                    phrase == "most important" and {t.low for t in tokens[i + 2:i + 5]} & FACTORS):
                continue  # "an unprecedented upsurge in refugees", "the most important correlate of": no treatment
            if sentence[span.start:span.end].lower() == "breakthrough" and \
                    sentence[span.end:span.end + 25].lower().lstrip().startswith(BREAKTHROUGH_SYMPTOMS):
                continue  # "breakthrough pain", "breakthrough seizures": clinical terms
            taken = offset + span.end
            words = sentence[span.start:span.end]
            out.append(Claim("hype", words, start,
                             f"'{words}' promises more than one study can show: say what the study found"))
        phrased = [(c.start, c.start + len(c.words)) for c in out[phrased_from:]]
        out.extend(c for c in shaped if not any(a <= c.start < b or c.start <= a < c.start + len(c.words) for a, b in phrased))
        if len(out) == phrased_from and not spans:  # where a listed word was read and passed, the rules have said
            read = _hype_read(sentence)
            if read is not None:
                words, at = read
                out.append(Claim("hype", words, offset + at, f"'{words}' promises more than one study can show: say what the study found"))
        out[phrased_from:] = sorted(out[phrased_from:], key=lambda c: c.start)
    return out


# What "proved" or "prove" goes with that promises nothing ("proved largely ineffective", "may prove
# difficult"): a limit, or something bad
PROVED_POORLY = {"largely", "mostly", "generally", "minor", "modest", "small", "limited", "mild", "difficult", "hard",
                 "elusive", "unfounded", "uncommon", "fatal", "ineffective", "useless", "insufficient", "inadequate",
                 "disappointing", "costly", "impractical", "dangerous", "harmful", "problematic", "challenging"}
# ... or no better ("proved no better than placebo", "proved less effective"; not "proved no match for",
# "proved no less effective")
PROVED_NO_BETTER = (["no", "better"], ["no", "more"], ["no", "different"], ["less", "effective"], ["less", "useful"],
                    ["less", "helpful"], ["less", "prone"], ["less", "likely"])
# ... or of use, in a hedged forecast ("might prove a useful rating instrument")
PROVED_OF_USE = {"useful", "helpful", "valuable", "worthwhile", "beneficial", "effective", "superior"}
# ... unless it is sweeping ("could prove the mightiest advance", "would prove superior to every painkiller")
SWEEPING = {"most", "every", "all", "any", "millions", "forever", "hugely", "enormously", "vastly", "everyone"}


def _proof_not_promised(tokens: list[_Token], i: int) -> bool:
    """Whether "prove"/"proved"/"proven" at i promises nothing: what is still to be shown ("studies
    are needed to prove its efficacy"), a limit or something bad (PROVED_POORLY), no better
    (PROVED_NO_BETTER), or use forecast with a hedge (PROVED_OF_USE), nothing sweeping."""
    after = [t.low for t in tokens[i + 1:i + 8]]
    return (i > 0 and tokens[i - 1].low == "to") or bool(set(after[:2]) & PROVED_POORLY) or after[:2] in PROVED_NO_BETTER \
        or (any(t.low in {"may", "might", "could", "would"} for t in tokens[max(0, i - 2):i])
            and bool(set(after[:4]) & PROVED_OF_USE) and not any(w.endswith("est") or w in SWEEPING for w in after))


def _standard_of_care(tokens: list[_Token], i: int) -> bool:
    """"gold standard" at i before a word of care, as clinicians write it ("the gold standard treatment
    for pectus excavatum", "the gold standard in the management of facet pain", "the gold standard
    range of 37 to 39 degrees"); not a pitch to the reader ("Our retreat is the gold standard approach
    to healing your marriage", "the gold standard technique that top athletes swear by", "the gold
    standard technique for beating stress")."""
    near = [t.low for t in tokens[i + 2:i + 5]]
    care = next((k for k, w in enumerate(near, start=i + 2) if w in STANDARD_CARE), None)
    if care is None or any(t.low in {"our", "your", "you", "my", "try", "we"} for t in tokens):
        return False
    if tokens[care].low == "range":
        return any(t.low[:1].isdigit() for t in tokens[care + 1:care + 5])  # a range of values, not a product range
    after = [t.low for t in tokens[care + 1:care + 4]]
    return not (after[:1] and after[0] in {"that", "which", "to"}) and not any(w.endswith("ing") for w in after[1:2])


def _hype_read(sentence: str) -> tuple[str, int] | None:
    """Where neither the rules nor the editors' hype words find hype, the learned reader may
    ("Bilastine is the golden ticket to a hive-free summer", "the cognitive turbo-boost coders have
    been waiting for"): the word that pushed it furthest and where it starts, or None."""
    from . import claims_model
    if claims_model.probability(sentence, "hype") < claims_model.HYPE or any(
            _negating(w) or w in RESEARCH_QUESTIONS for w, _, _ in claims_model.words(sentence)):
        return None  # nor where hype may be denied or asked about ("not a magic bullet", "debate as to
        # which dressing is the safest"): the rules read those
    found = claims_model.strongest_word(sentence, _hype_quotable, label="hype", pushed_only=True)
    if found is not None and found[0].lower() in {"best", "most", "greatest"}:
        after = sentence[found[1] + len(found[0]):].split(None, 1)
        if after and after[0].lower().strip(",.;:") in EVIDENCED:
            return None  # "has the best established evidence base": how well a treatment is studied, not a promise
    return found


def _hype_quotable(word: str) -> bool:
    """A word a hype flag may quote: a word of content, not "the", "is" or "to"."""
    return len(word) > 2 and word.replace("-", "").isalpha() and word not in NOT_HYPE_WORDS


NOT_HYPE_WORDS = DETERMINERS | PREPOSITIONS | AUXILIARIES | {
    "and", "or", "but", "that", "this", "these", "those", "which", "who", "what", "with", "for", "from", "than",
    "has", "have", "had", "will", "would", "can", "could", "may", "might", "not", "you", "your", "our", "its",
    "she", "his", "her", "they", "their", "one", "all", "any", "every"}


# Verbs that put a verdict in someone's mouth, rather than tell of what they went through
VOUCHING = {"say", "says", "said", "insist", "insists", "insisted", "claim", "claims", "claimed", "promise",
            "promises", "promised", "tout", "touts", "touted", "assure", "assures", "assured", "maintain", "maintains",
            "tell", "tells", "told", "explain", "explains", "explained", "argue", "argues",
            "argued", "state", "states", "stated", "agree", "agrees", "agreed"}
# Who tells of their own experience of a treatment rather than vouches for it: the people it was
# given to, and those close to them ("Participants said the retreat was life-changing")
WENT_THROUGH = {"patients", "patient", "participants", "participant", "respondents", "guests", "veterans", "users",
                "parents", "mothers", "fathers", "mums", "moms", "dads", "women", "men", "children", "kids",
                "families", "couples", "clients", "survivors", "members", "students", "volunteers", "attendees",
                "neighbour", "neighbor", "friend", "friends", "i", "my", "husband", "wife", "partner", "sister",
                "brother", "son", "daughter", "mum", "mom", "dad", "everyone"}
_OWN = {"their", "her", "his", "my", "our"}


def _vouched(tokens: list[_Token], reported: int, i: int) -> bool:
    """Is the report at `reported` a verdict vouched for ("Doctors say psilocybin is a miracle drug",
    "Nurses say it is completely safe", "They say this is a breakthrough"), which the digest would
    pass on as it stands, rather than what people went through ("Participants said the retreat was
    life-changing", "Retreat guests claimed the mushrooms cured their burnout", "veterans said they
    felt completely safe")? Not where the speaker is one of those who went through it (WENT_THROUGH),
    a word of feeling or a speaker of their own comes between the verb and the flagged word at i,
    or the flagged word acts on something of theirs ("cured her anxiety")."""
    if reported == 0 or tokens[reported].low not in VOUCHING:
        return False  # "Claims that LSD cures ... have no evidence": a noun, the claims refuted
    if {t.low for t in tokens[:reported]} & WENT_THROUGH:  # "Carys, my big sister, says ..."
        return False
    between = [t.low for t in tokens[reported + 1:i]]
    if between[:1] == ["that"]:
        between = between[1:]
    if set(between) & {"felt", "feel", "feels", "feeling", "experienced", "found", "noticed"} \
            or between[:1] and between[0] in {"they", "she", "he", "i", "we"}:
        return False
    return not (i + 1 < len(tokens) and tokens[i + 1].low in _OWN)


def _said_before(lows: list[str], reported: int, i: int) -> bool:
    """Whether a report that starts at `reported` ends before token i, where "and" brings in a new
    subject and its verb after a report in the passive: "No rashes were reported and the ointment
    is completely safe" (but not "Mums said the drops were mild and they are completely safe", which
    is still theirs)."""
    return any(lows[k] == "and" and any(lows[m] in REPORTS and lows[m - 1] in COPULAS | {"been"}
                                        for m in range(max(reported, 1), k))
               and any(lows[m] in COPULAS for m in range(k + 2, i)) for k in range(reported, i))


# Words just before a safety phrase that make it what was seen, not promised ("had few or no side
# effects", "reported no harm"); the second set for the shapes, which also meet "found no danger"
SEEN = {"experienced", "had", "reported", "noticed", "saw", "few", "little", "suffered"}
SEEN_SHAPES = SEEN | {"found", "showed"}


def _seen_before(lows: list[str], i: int, seen: set[str]) -> bool:
    """Whether the three words before token i say what was seen, not what is promised: not across
    a present-tense "is" or "has" ("The operation I had is risk-free", "The pill I had has no side effects":
    what it is, not what I had)."""
    before = lows[max(0, i - 3):i]
    cut = max((k for k, w in enumerate(before) if w in {"is", "are", "'s", "has", "have", "carries", "carry"}), default=-1)
    return bool(set(before[cut + 1:]) & seen)


# Harm as what a treatment does, in -ing: "incapable of harming", "free of hurting"
HARMING = {"harming", "hurting", "damaging", "injuring", "poisoning", "endangering"}
MODALS = {"can", "could", "will", "would"}


def _harm_ruled_out(lows: list[str], i: int) -> int | None:
    """The last token of an absolute promise of safety that starts at token i, in shapes the phrase
    list does not spell out, or None: "incapable of harming", "free of unwanted effects" said of
    what something is (not "remained free of"), "nobody can come to any harm", "there is no way it
    could ever hurt you"; not where the subject is denied ("Nothing on the shelf comes free of
    unwanted effects"), which is asked only of a shape found (the safety loop calls this for every word)."""
    end = _harm_shape(lows, i)
    return None if end is None or _denied_subject(lows, i) else end


def _harm_shape(lows: list[str], i: int) -> int | None:
    """The shapes _harm_ruled_out reads, by the word at i that opens them."""
    nxt = lows[i + 1:i + 2]
    if lows[i] == "incapable" and nxt == ["of"] and lows[i + 2:i + 3] and lows[i + 2] in HARMING:
        return i + 2
    if lows[i] == "free" and nxt in (["of"], ["from"]) and not set(lows[max(0, i - 3):i]) & {
            "remained", "remain", "remains", "stayed", "were", "was", "been", "became", "kept"}:
        k = i + 2
        while k < len(lows) and lows[k] in {"any", "all"}:
            k += 1
        if k + 1 < len(lows) and lows[k] in HARM_EFFECTS and lows[k + 1] in {"effects", "effect"}:
            return k + 1
        return None
    if lows[i] in {"nobody", "noone"} or lows[i:i + 2] == ["no", "one"]:
        # "Nobody can come to any harm", "no one has ever come to harm"; not "Nobody came to harm" (what was seen)
        for k in range(i + 1, min(i + 9, len(lows))):
            if lows[k] in {"come", "comes", "came"} and lows[k + 1:k + 2] == ["to"] and set(lows[i + 1:k]) & (MODALS | {"ever"}):
                m = k + 2 + (lows[k + 2:k + 3] == ["any"])
                return m if lows[m:m + 1] == ["harm"] else None
        return None
    if lows[i] == "way" and i > 0 and lows[i - 1] == "no" and lows[i + 1:i + 2] not in (["to"], ["of"]):
        # "There is no way a ceremony could ever hurt you"; not "no way to know whether it could hurt you"
        modal = next((m for m in range(i + 1, min(i + 8, len(lows))) if lows[m] in MODALS), None)
        if modal is not None:
            m = modal + 1
            while m < len(lows) and lows[m] in {"ever", "possibly", "really"}:
                m += 1
            if m < len(lows) and lows[m] in HARM_VERBS:
                return m
    return None


def _concluded(lows: list[str], a: int, b: int) -> bool:
    """Whether the authors draw a conclusion of their own between tokens a and b (", so", ", thus"):
    what follows it is not under a denial before it ("No side effects were reported, so it is
    completely safe"; but "No treatment is so good that it is ...")."""
    return any(_concludes_at(lows, k) for k in range(max(a, 1), b))


def _denied_subject(lows: list[str], i: int) -> bool:
    """"No operation on the prostate is entirely without risk", "Nobody should assume CPAP is
    harmless", "Comment from a reader: No treatment is completely free of side effects": the
    subject (or the one who would believe it) is denied, a few words before the safety phrase,
    with a verb between: the opposite claim."""
    for k in range(max(0, i - 12), i):
        if lows[k] in {"no", "nobody", "nothing", "never"} and (k == 0 or lows[k - 1] in {":", ",", "that", "and", "but"}) \
                and any(w in {"is", "are", "was", "were", "be", "comes", "come", "assume", "think", "believe", "imagine",
                              "promise", "promises", "guarantee", "guarantees"}
                        for w in lows[k + 1:i]) and not set(lows[k + 1:i]) & {"and", "but", ";", "."} \
                and not _concluded(lows, k + 1, i):
            return True
    return False


def _hedged_before(lows: list[str], i: int, skip: AbstractSet[int]) -> bool:
    """Is the safety word at i hedged: one of SAFETY_HEDGES in the six words before it (not at the
    places in `skip`: a "can" that is no hedge, the modal of "could never harm"), or one of USUALLY
    where it goes with the safety word ("is usually safe", "usually is safe", "usually very safe",
    "usually painless and harmless", "Usually the lesions are harmless")?"""
    return (i > 0 and lows[i - 1] in USUALLY) or (0 < i <= 8 and lows[0] in USUALLY and "," not in lows[:i]) \
        or (i > 1 and lows[i - 2] in USUALLY and lows[i - 1] in COPULAS | {"be", "remains"}) \
        or (i > 2 and lows[i - 1] in {"very", "quite", "pretty", "fairly"} and lows[i - 2] in USUALLY) \
        or (i > 3 and lows[i - 1] in {"and", "or"} and lows[i - 3] in USUALLY) \
        or any(w in SAFETY_HEDGES and k not in skip for k, w in enumerate(lows[max(0, i - 6):i], start=max(0, i - 6)))


def safety_claims(text: str) -> list[Claim]:
    out = []
    message = "promises safety no study can promise: say which side effects were seen, in how many people, and for how long"
    for offset, sentence, tokens in _read(text):
        lows = [t.low for t in tokens]
        starts = [t.start for t in tokens]
        clauses = None  # worked out for the first phrase that needs them
        seen: set[int] = set()  # starts of the phrases flagged in this sentence
        covered: set[int] = set()  # the tokens they cover
        flagged_shape: set[int] = set()  # the tokens of claims found by their shape
        hedged = "appeared" in lows or "seemed" in lows or "appears" in lows or "seems" in lows \
            or any(limit in sentence.lower() for limit in SAFETY_LIMITS) \
            or bool({"suggest", "suggests", "suggested", "suggesting"} & set(lows))  # "data suggest that X is safe"
        can_be = {k for k, w in enumerate(lows) if w == "can" and lows[k + 1:k + 2] != ["be"]}  # "can use": not a hedge
        # found once a sentence, so that each phrase's checks stay within a few words
        first_comma = next((k for k, w in enumerate(lows) if w == ","), len(lows))
        first_is = next((k for k, w in enumerate(lows) if w in {"is", "are", "comes", "come", "was", "were"}), len(lows))
        last_refuted = max((k for k, w in enumerate(lows) if w in REFUTED
                            and {"is", "are", "was", "were"} & set(lows[max(0, k - 3):k])), default=-1)
        for span in SAFETY_WORDS.spans(sentence):
            i = _index_at(starts, offset + span.start)
            if span.start in seen or i in covered:
                continue  # one phrase matched by two spellings, or inside a longer one ("harmless" in "totally harmless")
            if lows[i:i + 1] in (["no"], ["zero"], ["without"]) and sentence[span.end:span.end + 1] in {"-", "\u2010", "\u2011"} \
                    and sentence[span.end + 1:span.end + 2].isalpha():
                continue  # "no risk" in "no risk-free brew": part of a longer word, which says the opposite
            # the phrase's words are not read again as a flat "is safe", whatever is decided here
            covered.update(range(i, _index_at(starts, offset + span.end)))
            after = sentence[span.end:span.end + 40].lower().split()[:3]
            absolute = any(w.strip(".,;") in {"whatsoever", "all"} for w in after)  # "no side effects at all"
            if not absolute and (any(w.strip(".,;") in OBSERVED for w in after) or
                                 _seen_before(lows, i, SEEN)):
                continue  # "no side effects were reported", "had few or no side effects": an observation
            modal_of_never = i - 1 if lows[i:i + 1] == ["never"] and i > 0 and lows[i - 1] in MODALS else -1
            if hedged or _hedged_before(lows, i, can_be | {modal_of_never}):
                continue  # "may be risk-free", not "could never harm a single soul"
            if any(_negating(w) for w in lows[max(0, i - 4):i]) or \
                    lows[max(0, i - 2):i] in FAR_FROM or \
                    (lows[0] in {"no", "nothing", "not", "never"} and min(first_comma, first_is) < i
                     and not set(lows[first_is + 1:i]) & {"and", "but", ";", "while", "whereas"}
                     and not _concluded(lows, first_is + 1, i)) or _denied_subject(lows, i):
                continue  # "not risk-free", "no drug, not even X, is completely safe": the opposite claim (but
                # "No side effects were seen and ketamine is completely safe", "..., so it is completely safe"
                # say it after the first clause)
            if set(lows[max(0, i - 6):i]) & MARKETED:
                continue  # "kratom is marketed as a safe, non-addictive method": the seller's words, not the study's
            if last_refuted > i:
                continue  # "the image of ayahuasca as a harmless herbal tea is simply wrong"
            if clauses is None:
                clauses = _clauses(tokens)
            if i < len(tokens) and clauses[i].reported < i and not _said_before(lows, clauses[i].reported, i) \
                    and not (_vouched(tokens, clauses[i].reported, i)
                             # a harm said to have been absent is what was seen ("Doctors said there were no
                             # side effects"); a verdict of safety is vouched for ("Nurses say it is completely
                             # safe", "The makers insist the tea has no side effects")
                             and not (sentence[span.start:span.end].lower().startswith(("no ", "without ", "zero ", "free "))
                                      and set(lows[clauses[i].reported + 1:i]) & {"were", "was", "had", "caused", "occurred"})):
                continue  # "veterans said they felt completely safe": their words (not "Nurses say it is
                # completely safe": a promise vouched for, which the digest would pass on)
            if set(lows[max(0, i - 3):i]) & {"calling", "call", "calls", "called", "labelling", "labeling", "branding",
                                             "branded", "claiming", "claims", "claim"}:
                continue  # "anyone calling them risk-free is overselling": the wording quoted, to be refuted
            seen.add(span.start)
            words = sentence[span.start:span.end]
            out.append(Claim("safety", words, offset + span.start, f"'{words}' {message}"))
        for i, word in enumerate(lows):
            if i in covered or i in flagged_shape:
                continue
            end = None
            if word == "safety" and not hedged:  # "the safety of exercise training is firmly established"
                k = next((k for k in range(i + 1, min(i + 12, len(lows))) if lows[k] in {
                    "established", "proven", "guaranteed", "assured", "beyond"}), None)
                if k is not None and lows[k - 1] in AUXILIARIES | {"firmly", "well", "clearly", "fully", "now", "doubt"} \
                        and not any(_negating(w) or w in SAFETY_HEDGES for w in lows[max(0, i - 4):k]):
                    flagged_shape.update(range(i, k + 1))
                    words = sentence[tokens[i].start - offset: tokens[k].end - offset]
                    out.append(Claim("safety", words, tokens[i].start, f"'{words}' {message}"))
                continue
            if word == "nothing" and (i == 0 or lows[i - 1] in {":", ",", "and", "so"} or lows[i + 1:i + 2] in (["that"], ["which"])):
                modal = next((m for m in range(i + 1, min(i + 8, len(lows))) if lows[m] in MODALS), None)
                if modal is not None:
                    m = modal + 1
                    while m < len(lows) and lows[m] in {"ever", "possibly", "really"}:
                        m += 1
                    if m < len(lows) and (lows[m] in HARM_VERBS or lows[m] == "go" and lows[m + 1:m + 2] == ["wrong"]
                                          or lows[m] == "happen" and (lows[m + 1:m + 2] == ["to"] or set(lows[i + 1:modal]) & {
                                              "bad", "harmful", "terrible", "dangerous", "awful", "untoward"})):
                        end = m + (1 if lows[m] == "go" else 0)  # "Nothing bad can happen to you on a microdose"
                    elif m < len(lows) and lows[m] in {"put", "puts"} and {"danger", "risk"} & set(lows[m + 1:m + 6]):
                        end = next(k for k in range(m + 1, min(m + 6, len(lows))) if lows[k] in {"danger", "risk"})
            if end is None:
                end = _harm_ruled_out(lows, i)
            if end is not None:
                pass
            elif word in NONE_OF:
                if word == "without" and (set(lows[max(0, i - 5):i]) & {"no", "not", "never", "none", "nothing"}
                                          or _denied_subject(lows, i)):
                    continue  # "no medicine is entirely without danger": the opposite claim
                counted = next((k for k in range(i + 1, len(lows)) if lows[k] not in {"a", "one", "single"}), len(lows)) - i - 1
                if word == "no" and lows[i + 1:i + 2] == ["one"] and lows[i + 2:i + 3] != ["single"]:
                    counted = 0  # "no one side effect stood out": "no one", the pronoun
                for k in range(i + 1, min(i + 9 if word == "nothing" else i + 4 + counted, len(lows))):
                    if lows[k] in NOT_ABSOLUTE or lows[k] in {",", ";", ":", "and", "but", "or", "for"}:
                        break
                    if lows[k] == "complications" and word == "no" and i > 0 and lows[i - 1] in {
                            "has", "have", "carries", "carry", "comes", "come", "causes", "cause", "with"} \
                            and not set(lows[:i]) & {"was", "were", "had", "completed", "performed", "underwent"}:
                        end = k  # "Embolisation has no complications": present tense, a promise
                        break
                    if lows[k] in {"chance", "possibility"} and lows[k + 1:k + 2] == ["of"] and word in {"zero", "no"}:
                        end = k + 1  # "zero chance of a reaction"
                        break
                    if lows[k] in HARMS and lows[k + 1:k + 2] not in (["factor"], ["factors"], ["reduction"]) \
                            or (lows[k] == "effects" or lows[k] == "effect" and counted) and lows[k - 1] in HARM_EFFECTS \
                            or (lows[k] in {"risk", "risks"} and lows[k + 1:k + 2] in ([], ["."], ["!"], ["to"], ["at"], ["whatsoever"])):
                        end = k
                        break
            elif word in RULED_OUT or (word == "not" and i > 0 and lows[i - 1] in {"will", "could", "can"}):
                k = i + 1
                while k < len(lows) and k <= i + 3 and (_adverb(lows[k]) and lows[k] not in {"do", "does", "did"}
                                                        or lows[k] in {"ever", "possibly", ","}):
                    k += 1
                if k < len(lows) and lows[k] in HARM_VERBS and not set(lows[max(0, i - 3):i]) & {"if", "whether", "to"}:
                    end = k
                elif k + 1 < len(lows) and lows[k] in {"go", "goes", "went"} and lows[k + 1] == "wrong" \
                        and not set(lows[max(0, i - 3):i]) & {"if", "whether", "to"}:
                    end = k + 1  # "Intrathecal baclofen pumps never, ever go wrong"
                elif k < len(lows) and lows[k] in {"do", "does", "cause", "causes"} \
                        and not set(lows[max(0, i - 3):i]) & {"if", "whether", "to"}:
                    end = next((m for m in range(k + 1, min(k + 5, len(lows))) if lows[m] in HARMS | {"harm", "complications"}
                                or (lows[m] == "effects" and lows[m - 1] in HARM_EFFECTS)), None)  # "never cause side effects"
            if end is None:
                continue
            after = [w.strip(".,;") for w in lows[end + 1:end + 4]]
            absolute = bool(set(after) & {"whatsoever", "all", "kind", "sort"})
            if not absolute and (set(after) & OBSERVED or _seen_before(lows, i, SEEN_SHAPES)):
                continue  # "no dangers were seen", "had no side effects": an observation
            modal_of_never = i - 1 if word == "never" and i > 0 and lows[i - 1] in MODALS else -1
            if hedged or _hedged_before(lows, i, {modal_of_never}) \
                    or any(w in NEGATIONS - {"no", "nothing", "without", "never"} or w.endswith("n't") for w in lows[max(0, i - 4):i]):
                continue
            if clauses is None:
                clauses = _clauses(tokens)
            if clauses[i].reported < i:
                continue  # "parents said there was no danger": their words
            flagged_shape.update(range(i, end + 1))
            words = sentence[tokens[i].start - offset: tokens[end].end - offset]
            out.append(Claim("safety", words, tokens[i].start, f"'{words}' {message}"))
        for i, word in enumerate(lows):
            # "X is safe" said flatly (not "appeared safe", "was safe in this small group")
            nearby = set(lows[max(0, i - 4):i])
            if (i > 2 and lows[i - 3:i - 1] in (["emerged", "as"], ["emerges", "as"])) \
                    or (i > 1 and lows[i - 2:i] in (["proved", "a"], ["proven", "a"])):
                nearby.add("is")  # "has emerged as a safe and most effective treatment"
            flat = lows[i - 1] in {"is", "are", "'s", "be", "was", "were"} if i > 0 else False
            listed = bool(nearby & {"is", "are", "be", "was", "were", "proved", "proven"}) and (
                lows[i - 1:i] == ["and"] and i > 1 and lows[i - 2] in {"effective", "efficacious", "tolerable"}) or bool(
                nearby & {"is", "are", "be", "was", "were"}) and (i + 1 == len(lows) or lows[i + 1] in {
                    ",", "and", "treatment", "treatments", "for", "option", "choice", "drug", "drugs", "therapy", "method",
                    "procedure", "intervention", "alternative", "medicine", "medicines", "remedy", "remedies", "substance",
                    "product"})
            if word in SAFE_FLAT and lows[i + 1:i + 2] == ["as"] and "as" in lows[max(0, i - 5):i]:
                continue  # "as effective and safe as other agents": a comparison, not an absolute
            if word in SAFE_FLAT and (set(lows[i + 1:i + 5]) & SAFE_PLACES
                                      or (i > 1 and lows[i - 1] in {"a", "an"} and lows[i - 2] in {"in", "at", "into", "inside"})):
                continue  # "a safe, quiet space", "in a safe, softly lit lounge": the place is safe, not a treatment
            if word in SAFE_FLAT and i <= 16 and any(w in SAFE_PLACES and not any(_treats(x) for x in lows[k + 1:i])
                                                     for k, w in enumerate(lows[:min(i, 4)])):
                continue  # "The cryotherapy room where verrucas get frozen is safe": the place again
            if word in SAFE_FLAT and i > 1 and (_person(lows[i - 2]) or lows[i - 2] in {"one", "child", "baby", "son", "daughter",
                                                                           "mother", "father", "mum", "dad", "i", "you"}) \
                    and lows[i - 2] not in {"they", "it", "these", "those", "we", "some", "most", "many"} \
                    and not any(_treats(w) for w in lows[max(0, i - 10):i - 2]):
                continue  # "peace of mind that their loved one was safe": a person safe, not a treatment
            condition = next((k for k in range(i + 1, min(i + 16, len(lows))) if lows[k] in {"if", "provided", "providing", "unless"}
                              or lows[k] == ";" or lows[k - 1:k + 1] == [",", "and"]), None) if word in SAFE_FLAT else None
            if condition is not None and lows[condition] not in {";", "and"} and lows[condition - 1] != "even":
                continue  # "would be safe ... if it is performed with the proper dose": a condition
            if word == "safely" and i not in covered and (set(lows[max(0, i - 4):i + 4]) & {"every", "everyone", "anyone", "everybody",
                                                                                 "anybody"}
                                                          or lows[0] in {"every", "everyone", "anyone", "everybody", "anybody"}) \
                    and not hedged and not any((w in SAFETY_HEDGES | NEGATIONS and k not in can_be) or w.endswith("n't")
                                               for k, w in enumerate(lows[max(0, i - 6):i], start=max(0, i - 6))):
                out.append(Claim("safety", tokens[i].text, tokens[i].start, f"'{tokens[i].text}' {message}"))
                continue  # "Ferinject drips suit absolutely every anaemic patient safely"
            if word in SAFE_FLAT and (flat or listed) and i not in covered and not _denied_subject(lows, i) \
                    and lows[max(0, i - 2):i] not in FAR_FROM \
                    and "whether" not in lows[max(0, i - 16):i] \
                    and not set(lows[max(0, i - 6):i]) & MARKETED \
                    and not hedged and not _hedged_before(lows, i, can_be) \
                    and not any(w in NEGATIONS and k not in can_be for k, w in enumerate(lows[max(0, i - 6):i], start=max(0, i - 6))):
                words = sentence[tokens[i - 1].start - offset: tokens[i].end - offset]
                out.append(Claim("safety", words, tokens[i - 1].start, f"'{words}' {message}"))
    return out


AMBIGUOUS_ADVICE = {"lower", "cut", "change", "double", "raise", "use", "increase", "reduce", "halve", "look",
                    "find", "go", "make", "start", "drop", "mix", "combine", "give", "get", "travel", "order", "keep",
                    "continue", "talk", "grow", "bin", "throw", "chuck", "drink", "eat", "smoke", "swallow", "nibble",
                    "chew", "fly", "reserve", "pester", "nag", "badger", "lobby", "beg", "cancel"}
# People a recommendation may be aimed at without telling readers what to take
PROFESSIONALS = {"clinicians", "doctors", "physicians", "surgeons", "nurses", "researchers", "practitioners", "providers",
                 "commissioners", "policymakers", "teachers", "staff", "trialists", "investigators", "pharmacists",
                 "prescribers", "anaesthetists", "anesthetists", "psychiatrists", "therapists", "counsellors",
                 "counselors", "midwives", "dentists", "services", "authors", "reviewers", "funders", "managers",
                 "workers", "employers", "others", "members", "users'", "caseworkers", "professionals"}


def _professional(word: str) -> bool:
    """"rheumatologists", "psychiatrists", "paediatricians": a recommendation to them is no advice to readers."""
    return word in PROFESSIONALS or word.endswith(("ologists", "iatrists", "icians", "eutists", "ographers", "therapists"))


IMPERATIVE_OBJECTS = {"your", "the", "a", "an", "this", "these", "those", "any", "it", "them", "up", "sure",
                      "off", "out", "psilocybin", "ketamine", "mdma", "ayahuasca", "lsd", "psychedelics",
                      "medication", "medicine", "antidepressants", "therapy", "treatment", "couples",
                      "esketamine", "ibogaine", "microdosing", "retreat", "retreats", "dmt", "mushrooms", "yourself",
                      "yourselves", "that"}


def advice_claims(text: str) -> list[Claim]:
    out = []
    for offset, sentence, tokens in _read(text):
        lows = [t.low for t in tokens]
        if not lows:
            continue
        hit = None
        # An imperative opening the sentence, or opening its main clause after a lead-in
        # ("If your marriage is struggling, book...", "Based on these results, add...").
        first_comma = next((k for k, w in enumerate(lows) if w in {",", ":", ";"}), None)
        openings = [0] + ([first_comma + 1] if first_comma is not None and not (
            # "WSJPR could improve A, reduce B": the comma goes on with a list, not to an order
            lows[first_comma] == "," and set(lows[:first_comma]) & {"could", "may", "might", "can", "will", "would", "did"}
            and lows[0] not in {"if", "when", "once", "before", "after", "while", "because", "since", "unless"}) else [])
        if lows[0] in {"then", "so", "now", "instead", "just", "simply"}:
            openings.append(1)  # "Then insist that your psychiatrist writes you a prescription"
        # "Mums and dads, if your teen is refusing meals, begin ...": the order after the condition
        for k, w in enumerate(lows[:-1]):
            if w in {"if", "when", "once", "unless"} and k > 0 and lows[k - 1] == ",":
                nxt_comma = next((m for m in range(k + 2, len(lows) - 1) if lows[m] == ","), None)
                if nxt_comma is not None:
                    openings.append(nxt_comma + 1)
                break
        # a second imperative joined by ", and" ("Don't let fear hold you back, and try ...")
        finite = {"could", "may", "might", "can", "will", "would", "did", "suggest", "suggests", "showed", "found"}
        openings += [k + 2 for k in range(len(lows) - 2) if lows[k] == "," and lows[k + 1] == "and"
                     and not set(lows[:k]) & finite][:3]  # not "studies suggest X may improve A, and reduce B"
        # "Ring Wellspring Clinic and book your first drip", "March into CAMHS and demand ...": once
        # a sentence (or its main clause) opens with an imperative, "and" opens the next one
        if any(lows[o] in ADVICE_VERBS | ERRANDS for o in openings if o < len(lows)):
            openings += [k + 1 for k in range(1, len(lows) - 1) if lows[k] == "and"][:3]
        for o in openings:  # "Don't bother finishing the full course of antibiotics"
            if lows[o:o + 2] in (["don't", "bother"], ["no", "need"]) and set(lows[o + 2:o + 10]) & (TREATMENT_SUBJECTS | TREATMENT_PLACES):
                hit = (o, min(o + 3, len(lows) - 1))
        for o in list(openings):  # "Text from your sister: seriously, get the jaw guard"
            if o + 2 < len(lows) and lows[o].endswith("ly") and lows[o + 1] == ",":
                openings.append(o + 2)
        for o in list(openings):  # "...; just buy the weighted blanket", "Always use a spacer"
            if 0 <= o < len(lows) and lows[o] in {"then", "so", "now", "instead", "just", "simply", "always"} \
                    and (o > 0 or lows[o] == "always"):
                openings.append(o + 1)
        if lows[:2] in (["why", "keep"], ["why", "stick"], ["why", "bother"], ["why", "wait"], ["why", "suffer"]) \
                and set(lows[2:]) & (TREATMENT_SUBJECTS | TREATMENT_PLACES) and "?" in lows:
            hit = (0, min(3, len(lows) - 1))  # "Why keep paying for therapy when a psilocybin retreat does the job?"
        if lows[:2] == ["have", "you"] and "?" in lows and any(
                w in {"thought", "considered", "tried"} for w in lows[2:4]) and _names_treatment(lows[3:12]):
            hit = (0, min(4, len(lows) - 1))  # "Have you thought about booking an ayahuasca retreat?"
        if lows[:1] == ["fancy"] and "?" in lows and _names_treatment(lows[1:6]):
            hit = (0, min(3, len(lows) - 1))  # "Fancy a ketamine drip for your fortieth instead of a spa?"
        if lows[:2] == ["time", "to"] and len(lows) > 2 and lows[2] in ADVICE_VERBS:
            hit = (0, min(3, len(lows) - 1))  # "Time to try ketamine?"
        for o in list(openings):  # "Don't wait", "Do not miss out", "Why not try"
            if lows[o:o + 1] in (["don't"], ["never"]) or lows[o:o + 2] in (["do", "not"], ["why", "not"]):
                openings.append(o + (1 if lows[o] in {"don't", "never"} else 2))
        asked = {o + 2 for o in openings if lows[o:o + 2] == ["why", "not"]}  # "Why not microdose for a month?"
        for s_ in openings if hit is None else ():
            if s_ >= len(lows) or _points_to_care_team(lows, s_):
                continue
            if _ordered(tokens, lows, s_):
                hit = (s_, min(s_ + 3, len(lows) - 1))  # "Tape your ankle before every match"
                break
            if lows[s_:s_ + 3] in TRY_ITS and _tries_treatment(lows, s_):
                hit = (s_, s_ + 2)  # "Have a go at an ayahuasca circle in Iquitos"
                break
            if lows[s_] == "give" and any(lows[k:k + 2] in (["a", "go"], ["a", "shot"], ["a", "try"], ["a", "whirl"])
                                          and _names_treatment(lows[s_ + 1:k]) for k in range(s_ + 2, min(s_ + 8, len(lows)))):
                hit = (s_, min(s_ + 3, len(lows) - 1))  # "Give the psilocybin truffles a go"
                break
            if s_ in asked and "?" in lows and lows[s_].isalpha() and lows[s_] not in NOT_ORDERS | {"ask", "talk", "tell", "more", "less"} \
                    and not lows[s_].endswith(("s", "ed", "ly")):
                hit = (s_ - 2, min(s_ + 1, len(lows) - 1))  # a question that pushes: "Why not microdose for a month?"
                break
            if lows[s_] == "treat" and "with" in lows[s_ + 1:s_ + 7]:
                k = lows.index("with", s_ + 1)
                if k + 1 < len(lows) and lows[k + 1] not in {"caution", "care", "scepticism", "skepticism", "respect",
                                                             "suspicion", "reserve", "kindness", "patience"}:
                    hit = (s_, min(k + 1, len(lows) - 1))  # "Parents: treat the whole family with dimeticone"
                    break
                continue  # "Treat these results with caution"
            if lows[s_] in ERRANDS and lows[s_] not in ADVICE_VERBS:
                if s_ > 0 and lows[s_ - 1] in {"not", "never", "don't"}:
                    continue  # "Do not smear the cream near your eyes": a caution, not an order to use it
                if s_ + 1 < len(lows) and (lows[s_ + 1] == "from" or lows[s_ + 1] == "to" and ":" in lows[s_ + 2:s_ + 6]):
                    continue  # "Text from the clinic: ...", "Text to Auntie Gwladys: ...": a heading, not an order
                if lows[s_] in {"ring", "phone", "call", "email", "text"} and any(
                        w == "ask" and lows[k + 1:k + 2] in (["whether"], ["if"], ["about"], ["how"], ["what"])
                        for k, w in enumerate(lows[s_ + 1:s_ + 10], start=s_ + 1)):
                    continue  # "Ring the memory clinic and ask whether this study applies to your mum": a question
                if _names_treatment(lows[s_ + 1:s_ + 15]) or any(
                        w == "to" and lows[k + 1] in EFFECT_VERBS and not lows[k + 1].endswith(("s", "ed", "ing"))
                        for k, w in enumerate(lows[s_ + 2:s_ + 15], start=s_ + 2) if k + 1 < len(lows)):
                    hit = (s_, min(s_ + 3, len(lows) - 1))  # "... put your baby on a wedge pillow to ease reflux"
                    break
                continue
            if lows[s_] not in ADVICE_VERBS:
                continue
            if lows[s_] in {"stop", "quit", "drop", "change", "come"} and s_ > 0 and \
                    lows[s_ - 1] in {"never", "don't", "not"}:
                continue  # "Never stop an antidepressant suddenly": the care team's own warning
            if lows[s_] in {"ask", "talk", "tell"} and not set(lows[s_ + 1:s_ + 7]) & PUSH:
                continue  # "ask the clinic how they work": a question to put, not a treatment to take
            cut_back = lows[s_ + 1:s_ + 3] in (["back", "on"], ["down", "on"])  # "cut back on your medication"
            nxt = lows[s_ + 1] if s_ + 1 < len(lows) else ""
            # "Parents, cut back on...": readers addressed by name, then told what to do
            vocative = 0 < s_ <= 3 and s_ == (first_comma or 0) + 1 and (set(lows[:first_comma]) & READERS or (
                first_comma == 1 and lows[1] == ":" and lows[0].endswith("s") and tokens[0].text[0].isupper()))
            if s_ == 0 and lows[0] in {"lower", "higher", "double", "cut", "reduced", "increased"} and any(
                    w in {"did", "was", "were", "had", "has", "is", "are", "does", "do"} or w.endswith("ed") for w in lows[1:8]):
                continue  # "Lower doses of iron did the job": a subject, not an order
            if lows[s_:s_ + 2] == ["make", "sure"] and not _names_treatment(lows[s_ + 2:s_ + 10]):
                continue  # "Make sure your baby sleeps in a safe, quiet room"
            if lows[s_] in AMBIGUOUS_ADVICE - {"talk"} and not vocative and not cut_back and nxt not in IMPERATIVE_OBJECTS and \
                    not _names_treatment(lows[s_ + 1:next((k for k in range(s_ + 1, min(s_ + 9, len(lows)))
                                                          if lows[k] in {",", ";", ":", "and", "but", "if", "when"}), s_ + 9)],
                                         {"medicine"}) \
                    and not _object_then_when(tokens, lows, s_):
                continue
            if (nxt in PREPOSITIONS - {"up", "out"} and not (nxt == "from" and lows[s_] in {"switch", "swap", "change"})
                    and not (nxt == "as" and lows[s_ + 2:s_ + 3] in (["many"], ["much"], ["often"]))
                    and not (nxt == "that" and lows[s_] in {"insist", "demand", "ask", "request"})
                    and not (nxt == "that" and _names_treatment(lows[s_ + 2:s_ + 5]))
                    and not (nxt == "on" and lows[s_] == "insist")
                    and not (nxt == "to" and lows[s_] in {"switch", "swap", "change", "move", "go"})
                    and not (nxt == "over" and lows[s_] in {"switch", "swap", "change"})
                    and not (nxt == "on" and lows[s_] in {"get", "go", "stay"}
                             and _names_treatment(lows[s_ + 2:s_ + 8]))
                    and not (nxt in {"in", "on", "onto", "up"} and lows[s_] in {"enrol", "enroll", "sign", "join", "register"})
                    and not (nxt == "to" and lows[s_] == "ask" and set(lows[s_ + 2:s_ + 6]) & PUSH)
                    and not (nxt == "for" and lows[s_] in {"ask", "push", "beg", "lobby", "press"}
                             and _names_treatment(lows[s_ + 2:s_ + 6]))
                    and not ((vocative or cut_back) and nxt in {"back", "down", "off"})
                    and not (lows[s_] == "talk" and nxt == "to")) or nxt in AUXILIARIES:
                continue
            hit = (s_, min(s_ + 3, len(lows) - 1))
            break
        if hit is None:
            for k, w in enumerate(lows):
                if w in {"should", "must", "ought"}:
                    verb = k + 2 if w == "ought" and k + 1 < len(lows) and lows[k + 1] == "to" else k + 1
                    if verb < len(lows) and lows[verb] == "not":
                        verb += 1
                    while verb < len(lows) and verb <= k + 3 and lows[verb] in {"all", "definitely", "really", "seriously",
                                                                                "absolutely", "also", "just", "simply",
                                                                                "certainly", "each", "both", "now", "at", "least"}:
                        verb += 1
                    if verb + 1 < len(lows) and lows[verb] == "be" and (
                            (lows[verb + 1] == "on" and set(lows[verb + 2:verb + 5]) & (TREATMENT_SUBJECTS | TREATMENT_PLACES | {"varenicline", "statins", "aspirin"}))
                            or _base(lows[verb + 1]) & ADVICE_VERBS) and any(r in READERS for r in lows[max(0, k - 8):k]):
                        hit = (max(0, k - 2), min(verb + 3, len(lows) - 1))  # "should be on", "should be asking for"
                        break
                    if verb < len(lows) and (lows[verb] in ADVICE_VERBS
                                             # "should send their other kids to sibling camp"
                                             or lows[verb] in ERRANDS and _names_treatment(lows[verb + 1:verb + 8])
                                             # "should push your psychiatrist to prescribe ketamine"
                                             or lows[verb] in {"push", "press", "beg", "lobby", "nag", "pester"}
                                             and set(lows[verb + 1:verb + 7]) & PUSH) and \
                            any(r in READERS or (_people_word(r) and not _professional(r)) for r in lows[max(0, k - 8):k]) \
                            and not any(_professional(r) for r in lows[max(0, k - 8):k]) \
                            and not _points_to_care_team(lows, verb):
                        hit = (max(0, k - 2), min(verb + 2, len(lows) - 1))
                        break
                if w == "time" and k > 0 and lows[k - 1] in {"high", "about"} and lows[k + 1:k + 2] in (["you"], ["to"]) \
                        and set(lows[k + 2:k + 5]) & ({"began", "started", "tried", "booked", "asked", "switched", "stopped",
                                                       "quit", "joined", "signed"} | ADVICE_VERBS):
                    hit = (max(0, k - 1), min(k + 4, len(lows) - 1))  # "it's high time you began the nasal spray"
                    break
                if w in {"recommend", "recommends", "recommended", "urge", "urges", "advise", "advises"} and \
                        any(r in READERS for r in lows[k + 1:k + 5]) and \
                        any(v in ADVICE_VERBS or (v.endswith("s") and v[:-1] in ADVICE_VERBS) for v in lows[k + 2:k + 11]) \
                        and not _points_to_care_team(lows, k + 1):
                    hit = (max(0, k - 1), min(k + 4, len(lows) - 1))
                    break
        if hit is not None and set(lows) & NEWS_ITEMS and not _names_treatment(lows):
            hit = None  # "Sign up for our newsletter to hear about new studies": news, not treatment
        if hit is None:
            hit = _advice_read(sentence, lows)
        if hit is None:
            continue
        words = sentence[tokens[hit[0]].start - offset: tokens[hit[1]].end - offset]
        out.append(Claim("advice", words, tokens[hit[0]].start,
                         f"'{words}' tells readers what to do about their treatment: point them to "
                         "their care team instead ('talk to your care team before any change')"))
    return out


# What readers sign up for that is no treatment
NEWS_ITEMS = {"newsletter", "newsletters", "mailing", "podcast", "webinar", "bulletin"}

# Care named otherwise: "call 999 or go straight to A&E", "mention them at your next psychiatry
# review", "run every step past whoever writes your prescription"
CARE_ROUTES = {"999", "911", "112", "111", "a&e", "whoever", "samaritans"}  # as the team itself, to the rules too
CARE_ELSEWHERE = CARE_ROUTES | {"emergency", "appointment", "review"}


def _advice_read(sentence: str, lows: list[str]) -> tuple[int, int] | None:
    """Where the rules find no order, the learned reader may still read one ("Throw away the cane
    and do heel-to-toe walking every morning", "Flush those tablets down the loo"): the first words
    of its order to quote (from a modal of advice, or from the sentence's opening past a lead-in such
    as "Parents:"), or None. Never where the sentence names the care team: pointing readers to it is
    what the check asks for, and the rules read those sentences."""
    from . import claims_model
    words = [k for k, w in enumerate(lows) if w[:1].isalpha()]
    if len(words) < 3 or any(_care(w) or w in CARE_ELSEWHERE for w in lows) \
            or claims_model.probability(sentence, "advice") < claims_model.ADVICE:
        return None
    lead = max((k for k in range(min(4, len(lows))) if lows[k] in {":", "-", "–", "—"}), default=-1)
    start = next(k for k in words if k > lead) if any(k > lead for k in words) else words[0]
    if lows[start:start + 3] in TRY_ITS and not _tries_treatment(lows, start):
        return None  # "Have a go at the crossword before the session": the rules read this shape, and found no treatment
    modal = next((k for k, w in enumerate(lows) if w in {"should", "must", "ought"}), None)
    if modal is not None and "," not in lows[:modal] and lows[start] not in ADVICE_VERBS | ERRANDS:
        start = modal  # "Couples who bicker should do a course", not "Throw away the frame ..., as everyone should"
    end = start
    while end + 1 < len(lows) and end < start + 3 and lows[end + 1][:1].isalpha():
        end += 1
    return start, end


# "Have a go at an ayahuasca circle": an order when a treatment follows
TRY_ITS = (["have", "a", "go"], ["have", "a", "try"], ["have", "a", "crack"], ["take", "a", "punt"])


def _tries_treatment(lows: list[str], s: int) -> bool:
    """Whether "have a go at ..." at s names a treatment before its phrase ends ("Have a go at an
    ayahuasca circle"; not "Have a go at the crossword before the session")."""
    end = next((k for k in range(s + 3, min(s + 10, len(lows))) if lows[k] in {
        "before", "after", "when", "once", "until", ",", "and", "while", "during"}), s + 10)
    return _names_treatment(lows[s + 3:end])


# Words before "your" that give no order ("If your ...", "Whatever your age", "Thank your ...")
NOT_ORDERS = PREPOSITIONS | DETERMINERS | AUXILIARIES | {
    "if", "when", "once", "whatever", "whichever", "whenever", "only", "all", "both", "because", "whether", "what",
    "how", "why", "who", "where", "so", "and", "or", "but", "not", "does", "did", "has", "have", "had", "can", "could",
    "may", "might", "will", "would", "should", "must", "thank", "thanks", "like", "unlike", "despite", "about",
    "whoever", "yes", "no", "hello", "hi", "dear", "congratulations", "meet", "imagine", "picture", "remember"}


def _ordered(tokens: list[_Token], lows: list[str], s_: int) -> bool:
    """An order by its shape, whatever the verb: a bare word opening the sentence (or its main
    clause) with "your" after it ("Tape your ankle", "Sip your ginger tea", "Do your pelvic floor
    squeezes"). The care team is asked before (_points_to_care_team)."""
    if s_ + 1 >= len(lows):
        return False
    word = lows[s_]
    if s_ == 1 and lows[0] == "always" and word.isalpha() and word not in NOT_ORDERS and not word.endswith(("s", "ed", "ly")):
        return True  # "Always wear the brace at night"
    if lows[s_ + 1] not in {"your", "yourself", "yourselves"}:
        return False
    return word.isalpha() and word not in NOT_ORDERS and not word.endswith(("s", "ed", "ing", "ly")) \
        and not _people_word(word) and (tokens[s_].text[0].isupper() or s_ > 0)


WHEN_WORDS = {"as", "when", "before", "after", "once", "now", "today", "tonight", "tomorrow", "every", "each", "until",
              "right", "first", "the", "straight", "daily", "twice"}


def _object_then_when(tokens: list[_Token], lows: list[str], s_: int) -> bool:
    """An order to start, stop or take something unnamed, by its shape: the verb opens the
    sentence (or follows a colon), a short object, then when ("Start allopurinol as soon as ...",
    "start minoxidil the moment you notice ...", "Start quad sets the day after surgery")."""
    if lows[s_] not in {"start", "stop", "take", "use", "keep", "continue", "switch", "drop", "cut"}:
        return False
    if not (s_ == 0 and tokens[0].text[0].isupper()) and not (s_ > 0 and lows[s_ - 1] == ":"):
        return False
    when = next((k for k in range(s_ + 2, min(s_ + 5, len(lows))) if lows[k] in WHEN_WORDS), None)
    return when is not None and all(w.isalpha() and w not in NOT_ORDERS and w not in FINITE_NEXT for w in lows[s_ + 1:when])


def _base(word: str) -> set[str]:
    """The base forms an -ing word may have: "asking" -> ask, "taking" -> take, "stopping" -> stop."""
    if not word.endswith("ing") or len(word) < 5:
        return set()
    stem = word[:-3]
    return {stem, stem + "e", stem[:-1]} if len(stem) > 2 and stem[-1] == stem[-2] else {stem, stem + "e"}


def _care(word: str) -> bool:
    """Someone of the care team: "doctor", "GP", "physio", "surgeon", "neurologist", "health visitor"."""
    word = word.removesuffix("'s")
    return word in CARE_TEAM or word in CARE_ROLES or (_professional(word + "s") and word not in NOT_CARE)


# Professionals (PROFESSIONALS, singular) who give no care: "the Oregon service centre" is where to go, not whom to ask
NOT_CARE = {"researcher", "author", "service", "other", "member", "manager", "employer", "funder", "reviewer",
            "commissioner", "policymaker", "trialist", "investigator", "professional"}


POINTING = {"talk", "ask", "speak", "check", "see", "discuss", "consult", "tell", "call", "contact", "raise",
            "bring", "share", "let", "keep", "quiz", "ring", "phone"}
# All the verbs _can_do leaves to other rules or to no rule (here, once POINTING is made)
NOT_CAN_DO = (ADVICE_VERBS - CHANGES_DONE) | ERRANDS | POINTING | CAN_DO_NOT


def _names_treatment(words: list[str], also: set[str] = frozenset()) -> bool:
    """Do these words name a treatment, or where or how one is had ("clinic", "drops", "retreat")?"""
    return any(_treats(w) or w in TREATMENT_PLACES or w in also for w in words)


# What "book an appointment" books: the care team
APPOINTMENTS = {"appointment", "consultation", "check-up", "checkup"}
BOOKING = {"book", "make", "get", "arrange"}


def _points_to_care_team(lows: list[str], k: int) -> bool:
    """"talk to your care team", "ask your doctor whether...": advice to ask, not to take."""
    window = lows[k:k + (18 if {"until", "unless", "before", "first", "without"} & set(lows[k:k + 15])
                         or {"appointment", "review"} & set(lows[k:k + 10])
                         or lows[k] in POINTING and {"questions", "question", "worries", "concerns"} & set(lows[k:k + 4]) else 8)]
    if not any(_care(w) or w in CARE_ROUTES or (w in APPOINTMENTS and lows[k] in BOOKING) for w in window) \
            or lows[k] in {"insist", "demand", "push", "pester", "badger"}:
        return False  # "Insist on cabotegravir injections at your next HIV clinic appointment": a push
    if lows[k] not in POINTING and not set(lows[k:k + max(len(window), 12)]) & {"without", "before", "until", "unless", "first", "chat", "appointment",
                                                      "consultation", "conversation", "talk", "check-up", "checkup",
                                                      "checked", "examined", "assessed", "check", "assessment"}:
        return False  # "stop them and book a ketamine clinic": the clinic is where to go, not whom to ask (but "book
        # her in with the continence nurse for a check" is: the check may come a few words after the team)
    team_at = next((j for j, w in enumerate(window) if (_care(w) and w != "care") or w in CARE_ROUTES
                    or (w in APPOINTMENTS and lows[k] in BOOKING)), None)
    if team_at is not None and "before" in window[:team_at] and lows[k] not in POINTING | {
            "stop", "quit", "change", "drop", "switch", "skip", "miss", "halve", "cut", "taper", "wean"}:
        return False  # "Give the cups a whirl before any surgeon gets near you": try this first, the team later
    if team_at is not None and window[team_at] == "whoever":
        # "whoever writes your prescription": the person is named by the clause after "whoever", up
        # to what readers are to ask them ("... about the dose"), or to what it pushes ("... to add lithium")
        team_at = next((j for j in range(team_at + 1, len(window)) if window[j] in {
            "about", "whether", "if", "how", "what", "to", ",", "."}), len(window)) - 1
    after_team = window[team_at + 1:] if team_at is not None else window
    if team_at is not None and window[team_at] in APPOINTMENTS and lows[k] in BOOKING:
        # "book an appointment to find out why"; not "Book an appointment at our clinic to start your
        # ketamine treatment", "Make an appointment to get the weight-loss jab"
        return not (_names_treatment(after_team) or set(after_team) & PUSH)
    if after_team[:1] in (["before"], ["first"]):
        return True  # "raise it with your GP before you book anything": the team first
    if after_team[:1] == ["for"] and not _names_treatment(after_team[1:6], {"referral", "prescription", "script"}):
        return True  # "ask your doctor for advice", not "ask your doctor for ketamine"
    return not set(after_team[:3]) & PUSH
