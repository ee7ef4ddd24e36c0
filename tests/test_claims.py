"""Claims patients would misread (tracker/digest/claims.py) and `tracker digest lint`.

The sentences in the first tests are the ones the issue found passing the old word lists; the
measurement at the end runs the labelled set in tests/data/claims/ (its README says how it was
made): targets on the sets the rules were tuned on, and floors on the blind sets."""

from __future__ import annotations

import ast
import collections
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.config import default_config_path, load_config
from tracker.digest import claims, claims_model
from tracker.digest.checks import text_claims
from tracker.terms import Terms

DIGEST = load_config(default_config_path()).digest


def checks(text: str, causal_study: bool = False) -> set[str]:
    return {c.check for c in text_claims(text, DIGEST, study_causal=causal_study)}


@pytest.mark.parametrize("text, check", [
    ("Ketamine heals marriages.", "causal_claim"),
    ("More sleep improves grades.", "causal_claim"),
    ("The drug boosts memory.", "causal_claim"),
    ("It improves relationships and reduces PTSD.", "causal_claim"),
    ("Depression was reduced by ketamine.", "causal_claim"),
    ("The therapy works.", "causal_claim"),
    ("Because of the family sessions, the young people drank less.", "causal_claim"),
    ("Every couple should try ketamine.", "advice"),
    ("Stop your antidepressants before a session.", "advice"),
    ("Ask your doctor to prescribe MDMA.", "advice"),
    ("If your marriage is struggling, book a retreat.", "advice"),
    ("Ketamine is completely safe.", "safety"),
    ("There are no side effects.", "safety"),
    ("This is a game-changer for couples.", "hype"),
    ("MDMA is the most effective treatment for PTSD.", "hype"),
    # shapes, not words: a harm ruled out, none of a harm, an errand with a medicine named,
    # a drug's name as the subject, an effect taken as given
    ("At clinic doses, ketamine simply cannot damage the bladder.", "safety"),
    ("The brew poses no cardiac danger of any kind.", "safety"),
    ("Ring the clinic and book your first infusion.", "advice"),
    ("Grandparents raising grandchildren should all join the course.", "advice"),
    ("Vedolizumab showed a significant clinical response.", "causal_claim"),
    ("Cutting out sugary drinks slashed cavities among the toddlers.", "causal_claim"),
    ("LPS-induced anhedonia lasted four days.", "causal_claim"),
    ("For couples stuck in the same fight, a shared journey is nothing less than a miracle.", "hype"),
    # a study's finding said at the end is still a finding; a count is no cause, a cause is
    ("Bed bugs are killed by the vapour within minutes, the lab study showed.", "causal_claim"),
    ("The coaching got mothers far more involved in bedtime reading.", "causal_claim"),
    ("We conclude that low-dose naltrexone is a good treatment for chronic itch.", "causal_claim"),
    ("Physio has emerged as a safe and well-liked treatment for frozen shoulder.", "safety"),
    ("Parents: treat every child in the house with the lotion on the same night.", "advice"),
    ("Text alert: raise the head of the cot to ease night-time reflux.", "advice"),
    # an order by its shape, whatever the verb; a question that pushes; the team only after trying
    ("Strap your wrist before every session.", "advice"),
    ("Why not fast for a week and see if the pain goes?", "advice"),
    ("Have you considered booking a ketamine clinic for your low mood?", "advice"),
    ("Always wear the brace at night.", "advice"),
    ("Try the ginger capsules before you go back to your GP.", "advice"),
    ("Start melatonin as soon as the clocks change.", "advice"),
    # clefts, phrasal verbs with their particle late, relief provided, a headline's passive
    ("It was the brace, not the painkillers, that finally put my back right.", "causal_claim"),
    ("The support group is what got my dad through the first winter.", "causal_claim"),
    ("The cooling cap brought her temperature down overnight.", "causal_claim"),
    ("Shockwave therapy provides pain relief within a week.", "causal_claim"),
    ("SNORING FINALLY SOLVED by a mouth guard", "causal_claim"),
    ("The sessions took a huge weight off my shoulders.", "causal_claim"),
    ("The cream was found to be safe and beneficial for most patients.", "causal_claim"),
    ("Finasteride is free of any risks for young men.", "safety"),
    ("Physio has proved a safe treatment for frozen shoulder.", "safety"),
    ("The spray is safe, even if you use it every day.", "safety"),
    ("This safe gel can cure eczema in days.", "causal_claim"),  # "safe" there warns of nothing
    ("Steroid drops never cause side effects when used for a week.", "safety"),
    # from the nineteenth and twentieth sets' shapes, in new words
    ("Couples counselling is a proven strategy to reduce divorce.", "causal_claim"),
    ("Falls in hospital are often preventable through simple ward checklists.", "causal_claim"),
    ("The group sessions were what finally let Sam sleep again.", "causal_claim"),
    ("MIRACLE CREAM ENDS TEENAGE ACNE MISERY", "causal_claim"),
    ("Statins are crucial in lowering the risk of a second stroke.", "causal_claim"),
    ("The hospice nurses' visits took away most of Dad's fear.", "causal_claim"),
    ("Iron infusions suit absolutely every patient safely.", "safety"),
    ("Fancy a psilocybin retreat instead of a beach holiday?", "advice"),
    ("Scientists have finally cracked hay fever.", "hype"),
    ("These results confirm that the brace is an effective treatment for scoliosis.", "causal_claim"),
    ("Physiotherapy usually provides improvement within a month.", "causal_claim"),
    ("Complications were identified to affect recovery at one year.", "causal_claim"),
    ("The new brace lets stroke patients walk unaided.", "causal_claim"),
    ("Balance classes got most of the residents walking to lunch again.", "causal_claim"),
    ("Falls halved after the ward brought in night lights, and the lights were the reason.", "causal_claim"),
    # from the twenty-first to twenty-fourth sets' shapes, in new words
    ("Regarding secondary outcomes, yoga can reduce back pain in nurses.", "causal_claim"),  # a topic, no hedge
    ("Bracing led to straighter spines at two years, comparable to what has been reported in trials.", "causal_claim"),
    ("Lithium is an effective treatment for mania that has not settled with other drugs.", "causal_claim"),
    ("Hearing aids had a lasting and meaningful impact on the residents.", "causal_claim"),
    ("Night splints often provide modest but useful relief for wrist pain.", "causal_claim"),
    ("Loud music at work is the biggest cause of tinnitus in bar staff.", "causal_claim"),
    ("Poor posture was a contributing factor for neck pain in the office workers.", "causal_claim"),
    ("Long shifts put nurses at greater risk of back injury.", "causal_claim"),
    ("The allotment did more for my mood than any antidepressant.", "causal_claim"),
    ("Chronic pain is responsible for reducing sleep quality in older adults.", "causal_claim"),
    ("The cream is a guaranteed fix for cold sores.", "causal_claim"),
    ("The bedtime routine made the toddler's tantrums die down.", "causal_claim"),
    ("Scientists unlock secret behind yawning.", "hype"),
    ("Late-night gaming is wrecking my son's concentration.", "causal_claim"),
    ("Sugary drinks erode children's tooth enamel.", "causal_claim"),
    ("The youth club steered three brothers away from knife crime.", "causal_claim"),
    ("Long hours at the desk brought on his back spasms.", "causal_claim"),
    ("Daily stretching sped up recovery after the sprain.", "causal_claim"),
    ("Meeting the link worker turned Joan's winter around.", "causal_claim"),  # a role, not a link
    ("Background and aim Duct tape is effective in treating warts in children.", "causal_claim"),  # a heading
    ("Cholesterol was driven down by the oat diet.", "causal_claim"),
    ("The gel was significantly better than placebo in reducing itch.", "causal_claim"),
    # from the twenty-fifth to twenty-eighth sets' shapes, in new words
    ("The physio made my knee bend again.", "causal_claim"),  # made + a person's body + a bare verb
    ("The reading scheme made families visit the library every week.", "causal_claim"),
    ("The sticker chart got Leo to brush his teeth.", "causal_claim"),
    ("The exercises got my shoulder moving again.", "causal_claim"),
    ("The inhaler is completely safe and cleared my cough.", "causal_claim"),  # both claims, each flagged
    ("Generic inhalers were less effective than the branded ones.", "causal_claim"),
    ("Walking was found to markedly lower blood pressure.", "causal_claim"),
    ("The new drug has brought real hope to families.", "causal_claim"),  # hope given, not hoped
    ("Hospital stays were reduced with tezacaftor.", "causal_claim"),  # a drug named by its WHO stem, "-caftor"
    ("Stretching never hurts anyone.", "safety"),
    ("Massage cannot strain your back at all.", "safety"),
    ("Ear drops can't do any harm.", "safety"),
    ("Parents should send their children to the asthma camp.", "advice"),
    ("You should push your GP to prescribe melatonin.", "advice"),
    ("Enrol on the sleep programme before the baby arrives.", "advice"),
    # from the twenty-ninth to thirty-second sets' shapes, in new words
    ("The night splint had shrunk the swollen tendon.", "causal_claim"),
    ("My fibroids were shrunk by the injections.", "causal_claim"),
    ("This copper bracelet is a proven cure.", "causal_claim"),
    ("Poor sleep is a significant contributor to daytime falls.", "causal_claim"),
    ("Similarly, the effect of massage on sleep quality was positive.", "causal_claim"),
    ("Active tDCS was superior to sham stimulation for word recall.", "causal_claim"),
    ("Parent groups are acknowledged to reduce family stress.", "causal_claim"),
    ("The pump gave our daughter a pain-free Christmas.", "causal_claim"),
    ("Physio has taken the edge off my sciatica.", "causal_claim"),
    ("The efficacy of the nasal spray is better than most tablets.", "causal_claim"),
    ("Hydrotherapy is very helpful in the management of arthritis pain.", "causal_claim"),
    ("NEW BRACE STRAIGHTENS CROOKED SPINES", "causal_claim"),
    ("Warts can be easily treated by freezing.", "causal_claim"),
    # from the thirty-third to thirty-sixth sets' shapes, in new words
    ("Dads in the valleys were kept out of debt by a budgeting scheme.", "causal_claim"),
    ("The rinse neutralises acid before it can reach the enamel.", "causal_claim"),
    ("The defibrillator restarted the runner's heart.", "causal_claim"),
    ("Children are affected badly by parental conflict.", "causal_claim"),
    ("Lithium showed a significant reduction over placebo in relapse.", "causal_claim"),
    ("Insomnia is a common side effect of steroid tablets.", "causal_claim"),
    ("Sleep plays a key role in memory after a stroke.", "causal_claim"),
    ("Falls dropped by a third by using bed alarms.", "causal_claim"),
    ("Night splints got me through the winter.", "causal_claim"),
    ("Yoga designed for older adults improved their balance.", "causal_claim"),  # which yoga, no aim
    # from the thirty-seventh to fortieth sets' shapes, in new words
    ("Hip surgery can have lasting adverse effects on walking speed.", "causal_claim"),  # harm done to something
    ("As a result, the number of falls on the ward has halved.", "causal_claim"),
    ("Both programmes were well liked and moderately effective in cutting missed doses.", "causal_claim"),
    ("The memory clinic's occupational therapist got my grandad cooking his own lunches again.", "causal_claim"),
    ("A month of the sleep course taught my husband to nap without waking groggy.", "causal_claim"),
    # from the forty-first to forty-fourth sets' shapes, in new words
    ("What brought my gran's blood pressure down? A month without salt.", "causal_claim"),  # a question answered
    ("Was it the splint that straightened her finger? Yes, within a month.", "causal_claim"),
    ("Breastfeeding has a wide range of benefits for babies' gut health.", "causal_claim"),
    ("Two trials showed a small, lasting effect of melatonin on sleep onset.", "causal_claim"),
    ("Fish oil has been shown to catalyse repair in damaged nerves.", "causal_claim"),
    ("Pollen from the meadow set off a week of wheezing.", "causal_claim"),
    ("Acupuncture worked miracles on her migraines.", "causal_claim"),
    ("The nasal spray did my dad more harm than good.", "causal_claim"),
    ("Statins are effective in the treatment of high cholesterol, varying according to the patient's age.", "causal_claim"),
    ("Hypnotherapy could never harm a single client.", "safety"),
    ("Nothing bad can happen to you during a float tank session.", "safety"),
    ("The new jab is free of any danger to older people.", "safety"),
    ("Nothing about light therapy can ever put a child in danger.", "safety"),
    ("Anyone with back pain can use the TENS machine safely, full stop.", "safety"),
    ("Parents can rest assured that melatonin is a safe drug.", "safety"),
    ("Melatonin is harmless, so take as much as you like.", "advice"),
    ("Get on the list for CBT before your next flare.", "advice"),
    ("Have a go at a ketamine retreat this summer.", "advice"),
    ("Give the magnesium tablets a go for your cramps.", "advice"),
    ("Nurse home visits are the best investment a health board will ever make.", "hype"),
    ("Social prescribing is the single greatest change in general practice.", "hype"),
    ("Kava, the ancient wonder root, calms any nerves.", "hype"),
    # from the forty-fifth to forty-eighth sets' shapes, in new words
    ("Q: What brought the rash back? A: Switching to a cheaper soap.", "causal_claim"),
    ("Mindfulness classes gave carers a renewed sense of calm, a Leeds audit found.", "causal_claim"),
    ("Gout is usually the result of too much uric acid in the blood.", "causal_claim"),
    ("Hair thinning is a common consequence of chemotherapy for breast cancer.", "causal_claim"),
    ("Daily walking can delay the onset of arthritis in the knee.", "causal_claim"),
    ("Skipping doses of tamoxifen compromises the protection it gives.", "causal_claim"),
    # from the forty-ninth to fifty-second sets' shapes, in new words
    ("Q: Why did my rash flare? A: Because I stopped the cream too soon.", "causal_claim"),
    ("Thanks to the evening walks, my father sleeps soundly and his cramps have stopped.", "causal_claim"),
    # from the fifty-seventh to sixtieth sets' shapes, in new words
    ("Late-night gaming is fuelling the spike in teenage insomnia.", "causal_claim"),
    ("The numbing cream really does dull the sting of the injection.", "causal_claim"),
    ("Shift work robs nurses of deep sleep.", "causal_claim"),
    ("NEW PILL ZAPS HAY FEVER IN AN HOUR", "causal_claim"),
    ("Those Sunday walks with the hiking club are really what kept Mum from sliding back into drink.", "causal_claim"),
    ("The peer mentors were what got Josh attending school again.", "causal_claim"),
    ("No rashes were reported and the ointment is completely safe.", "safety"),  # the report ends at "and"
    ("No side effects were seen and ketamine is completely safe.", "safety"),
    # from the sixty-first to sixty-fourth sets' shapes, in new words
    ("Sepsis is a well-established cause of organ failure in older adults.", "causal_claim"),
    ("Poor sleep is the main cause for daytime errors among junior doctors.", "causal_claim"),
    ("Long commutes drain the energy out of young parents.", "causal_claim"),
    ("Traffic smog is clogging the airways of the whole estate.", "causal_claim"),
    ("Lead paint is stunting toddlers' growth in old tenements.", "causal_claim"),
    ("The new door alarms make the dementia ward completely safe for wanderers.", "causal_claim"),
    ("Starting physio early can reduce the stiffness associated with frozen shoulder.", "causal_claim"),  # what it acts on
    ("The only effective remedy is a strict low-salt diet.", "causal_claim"),
    # from the sixty-fifth to sixty-eighth sets' shapes, in new words
    ("Hay fever attacks are provoked by birch pollen in spring.", "causal_claim"),
    ("Her migraines are brought on by missed meals.", "causal_claim"),
    ("Shin splints are an injury that results from overtraining on hard ground.", "causal_claim"),
    ("Most of the children profited from the reading programme.", "causal_claim"),
    ("According to several trials, melatonin is an effective treatment for jet lag.", "causal_claim"),  # not people
    # orders the rules do not know, read by the learned reader
    ("Pour those statins down the sink and eat oats instead.", "advice"),  # the rules' too: "statins" names drugs
    ("Throw away the walking frame and do heel raises every morning.", "advice"),
    ("Start pilates this week if you want to stay on your feet.", "advice"),
    # from the sixty-ninth to seventy-second sets' shapes, in new words: hype the learned reader reads
    ("Oat milk is the golden ticket to a calmer gut.", "hype"),
    ("Family dinners are the one true answer to teenage moodiness.", "hype"),
    ("Box breathing is the master key to a quiet mind.", "hype"),
    # pushing the care team for a treatment is no pointer to it
    ("Pester your GP until you get referred for the new migraine jab.", "advice"),
    ("Insist the surgeon books you in for the keyhole operation.", "advice"),
    # from the eighty-first to eighty-eighth sets' shapes, in new words
    ("This new mouthwash destroys plaque bacteria overnight.", "causal_claim"),  # common verbs no set had needed
    ("Causes of hair loss include stress, thyroid problems and iron deficiency.", "causal_claim"),
    ("The main precipitating factors are cold air, exercise and pollen.", "causal_claim"),
    ("Late coffee is what tips my husband into insomnia.", "causal_claim"),  # "is what" with a present verb
    ("The support line is what carried her through the first winter.", "causal_claim"),
    ("Most verrucas can be treated at home with salicylic acid.", "causal_claim"),  # what a treatment can do
    # ... and what the review of that round found must stay flagged
    ("A closer look found that exercise improved memory.", "causal_claim"),  # no one's report
    ("The cream relieves all night sweats.", "causal_claim"),  # "all night" names what, not when
    ("The drug reduces seizures in children whose epilepsy is unexplained.", "causal_claim"),  # the open matter is another's
    ("The spray made zero difference to my cramps, but the tablets sorted them out.", "causal_claim"),
    # from the eighty-ninth to ninety-second sets' shapes, in new words
    ("Both tested gels were significantly effective for easing gum pain.", "causal_claim"),  # which gels, not a test
    ("Skipping breakfast left me shaky, and that's what gave me the headaches.", "causal_claim"),
    ("The parenting course cut tantrums, according to the researchers' video recordings.", "causal_claim"),  # a record
    # ... and what the review of that round found must stay flagged
    ("Exercise alone was not enough, the data showed, and adding metformin lowered blood sugar.", "causal_claim"),
    ("Before the iron tablets I had zilch energy, and they fixed it within a week.", "causal_claim"),
    ("This herbal tea is totally safe-to-drink for children.", "safety"),  # a hyphen ends no promise
    # from the ninety-third to ninety-sixth sets' shapes, in new words
    ("Bedtime screens can cause poor sleep if the habit lasts for months.", "causal_claim"),  # a condition is no hedge
    ("The ointment was effective with no relapse of the rash.", "causal_claim"),  # "with no" names what did not follow
    ("Most of the falls can be attributed to poor lighting.", "causal_claim"),
    ("Two hospital admissions were attributed to the supplement.", "causal_claim"),
    ("Hearing loss secondary to ear infections is common in toddlers.", "causal_claim"),
    ("Damp housing plays a predominant role in the incidence of childhood asthma.", "causal_claim"),  # a part in an effect
    ("Green space played a protective role against loneliness in older adults.", "causal_claim"),
    ("Poor sleep plays crucial roles in shaping teenage mood swings.", "causal_claim"),
    ("The new shampoo rebalanced the scalp microbiome.", "causal_claim"),  # a product as the treatment
    ("The new drops produced a fall in eye pressure.", "causal_claim"),  # the plural noun's verb is the claim
    ("Doctors say psilocybin is a miracle drug.", "hype"),  # a verdict vouched for is passed on as it stands
    ("They say this retreat is a breakthrough.", "hype"),
    ("Nurses say the infusion is completely safe.", "safety"),
    ("Doctors say psilocybin is a miracle drug for their patients.", "hype"),
    ("The makers insist the herbal tea has no side effects.", "safety"),  # a promise, in the present
    ("In all the patients assessed, the drug lowered blood pressure.", "causal_claim"),  # whom, not a test still open
    ("Among the children evaluated, the programme reduced tantrums.", "causal_claim"),
    ("Single-dose FMT had a modest effect on symptoms.", "causal_claim"),  # a size, as "small" and "moderate" are
    ("Oral MDMA was about half as effective as injected MDMA.", "causal_claim"),  # how many times as effective
    ("The new drug was three times as effective as the old one.", "causal_claim"),
    ("The new drug was 3 times as effective as the old one.", "causal_claim"),
    ("Night splints, if worn every night, can straighten a bent toe.", "causal_claim"),  # a condition set aside
    ("Tight shoes can deform the toes over time.", "causal_claim"),  # "can" and any verb with an object
    ("Damp walls can spread mould spores through a flat.", "causal_claim"),
    ("Poor posture can badly strain the lower back.", "causal_claim"),  # an adverb between "can" and its verb
    ("Loneliness placed the widowers at risk of depression.", "causal_claim"),  # as "put ... at risk"
    ("Shift work can affect many aspects of family life.", "causal_claim"),  # "many" aspects, not many people
    # ... and what the review of that round found must stay flagged
    ("In apparently healthy adults, daily vitamin D lowered the rate of autoimmune disease.", "causal_claim"),  # who
    ("Book an appointment at our clinic to start your ketamine treatment today.", "advice"),  # booked for a treatment
    ("Alcohol affects every part of the body.", "causal_claim"),  # a cause, not where a disease shows
    ("Family caregivers carry heavy loads that place them at risk of poor health.", "causal_claim"),
    ("The support of teachers plays a key role in the prevention of bullying.", "causal_claim"),  # the support plays it
    # from the ninety-seventh to hundredth sets' shapes, in new words
    ("Poor lighting plays a fundamental role in the development of falls at home.", "causal_claim"),
    ("The XYZ technique can correct the tilt of the big toe in adults.", "causal_claim"),  # an acronym is no name
    ("Both operations provide satisfactory outcomes for most runners.", "causal_claim"),  # good results given
    ("The splint is a fine option, providing good results in most children.", "causal_claim"),
    # from the hundred-and-first to hundred-and-fourth sets' shapes, in new words: what causes a disease
    ("Common triggers include cold air, pollen and exercise.", "causal_claim"),
    ("Anxiety was a cause of poor sleep in many carers.", "causal_claim"),
    ("Tension-type headache is the most frequent aetiology of daily headache.", "causal_claim"),
    ("The cause of impetigo is usually a staph infection.", "causal_claim"),
    ("One of the causes of hair loss is iron deficiency.", "causal_claim"),
    ("The swollen lining is responsible for the symptoms of a blocked nose.", "causal_claim"),
    ("Rhinovirus causes 30 to 50 percent of common colds.", "causal_claim"),  # a share of cases as the object
    # ... and what the review of that round found must stay flagged
    ("Early treatment results in better outcomes for babies with jaundice.", "causal_claim"),  # "results" the verb
    ("Screening results in earlier diagnosis of bowel cancer.", "causal_claim"),
    ("Statins and fibrates both lower cholesterol.", "causal_claim"),  # "both lower" is a verb
    ("Melatonin works on its own for most children.", "causal_claim"),  # on its own: without other help
    # from the hundred-and-fifth to hundred-and-eighth sets' shapes, in new words
    ("Night splints can change the shape of a bent toe.", "causal_claim"),  # a verb of change after "can"
    ("Poor posture is an etiological factor for neck pain in office workers.", "causal_claim"),
    ("Ketamine provides powerful analgesia in the ambulance.", "causal_claim"),
    ("Our sauna sessions come guaranteed safe for first-timers.", "safety"),
    ("Cold plunges never cause any problems for healthy adults.", "safety"),
    ("Fish oil is so benign you could take it with every meal.", "safety"),
    ("Magnesium eases cramps like nothing else under the sun.", "hype"),
    # ... and what the review of that round found must stay flagged
    ("Melatonin improves sleep on its own.", "causal_claim"),  # with an object, "on its own" is no natural course
    ("The massage chair carries precisely nil risk for anyone.", "safety"),
    ("This herbal rub is completely non-poisonous, even if swallowed.", "safety"),
    ("Gout results from a build-up of uric acid in the joints.", "causal_claim"),  # "results" as a verb
    ("Flat feet are a common condition produced by weak arch muscles.", "causal_claim"),
    ("Ear drops are not recommended as they can lead to irritation of the canal.", "causal_claim"),  # the "not" is the advice's
    ("Cold-water swimming retreats are totally hazard-free.", "safety"),
    ("The foot spray is so safe you could use it every hour.", "safety"),
    ("This stretching plan fixes every stiff back it meets.", "hype"),  # a promise for everyone
    # ... and what the review of that round found must stay flagged
    ("Even seemingly minor wounds healed faster with the honey dressing.", "causal_claim"),  # "seemingly" describes
    ("Stress at work contributes to heart disease in middle age.", "causal_claim"),
    ("Mindfulness can shift patterns of worry in people with anxiety.", "causal_claim"),
    ("Each case was considered by two surgeons, and the operation restored full movement.", "causal_claim"),
    ("The gel showed a 40% reduction in wound size compared with saline.", "causal_claim"),  # a change, not a count
    ("Because of the new drug, relapse rates fell sharply, and patients may now live longer.", "causal_claim"),
    ("Because of better sleep quality, daytime tiredness fell by half.", "causal_claim"),
    ("This ear-candling kit poses zero threat to your eardrums.", "safety"),  # absolute safety in fresh words
    ("The eyelid scrub is utterly benign for toddlers.", "safety"),
    ("Melatonin gummies come with no health risks at all.", "safety"),
    ("Nothing bad can happen on a supervised mushroom weekend.", "safety"),
    ("This sleep app is a marvel for insomniacs.", "hype"),  # hype in fresh words
    ("The detox camp has the highest success rate of any rehab in Europe.", "hype"),
    ("Our couples course mends every marriage, with zero failures in ten years.", "hype"),
    ("The cough clinic is an utter triumph of modern care.", "hype"),
    ("Dab tea tree gel on the spots every night.", "advice"),  # verbs of applying, with a treatment
    ("Stash the hay fever tablets in your bag and swallow one at the first sneeze.", "advice"),
    ("Sign up for the sleep course at the community service centre before May.", "advice"),  # a service is no care team
    ("This gargle is incapable of harming a child's throat.", "safety"),  # absolute safety in shapes, not phrases
    ("The new patch is wholly free of unwanted effects.", "safety"),
    ("Nobody could ever come to any harm in a sound-bath class.", "safety"),
    ("There is simply no way a nasal rinse can hurt your baby.", "safety"),
    ("The clinic offers nothing that could ever harm your gums.", "safety"),
    ("Bee venom therapy eases stiff joints without a single adverse effect.", "safety"),
    ("The knee injection my aunt had is risk-free, her surgeon says so too.", "safety"),  # what it is, not what she had
    ("The lotion, which might sting at first, clears the spots within days.", "causal_claim"),  # the hedge is the sting's
    ("The new gel healed my son's eczema, whatever the forums claim.", "causal_claim"),  # a concession, not a report
    ("Blisters appear on the heels due to rubbing.", "causal_claim"),  # showing up, not seeming
    ("Tight socks worsen bunions, according to Patel et al. (2019).", "causal_claim"),  # a paper cited, not people
    ("This triggers a flare of eczema on the hands.", "causal_claim"),  # "this" takes no plural: a verb, not a noun
    ("The itch, not the spots, is what makes children so restless at night.", "causal_claim"),  # a cleft with "makes"
    ("It is the damp that makes my grandmother's chest so tight.", "causal_claim"),
    ("Deafness is an uncommon result of mumps in adults.", "causal_claim"),  # a rare result is still a result
    ("Cast bracing yields good results in most fractures of the wrist.", "causal_claim"),  # a treatment's results
    ("Early splinting produces better long-term results than surgery.", "causal_claim"),
    ("My son's wheezing was all down to the cat, not the damp.", "causal_claim"),  # British "down to": its cause
    ("Propranolol has been used successfully in several children.", "causal_claim"),  # used, and it worked
    ("Surgical treatment of the cyst was successful in 41 of 44 patients.", "causal_claim"),  # the head of the subject
    ("Six weeks of wrist splints cut night tingling by half, according to the clinic's own audit.", "causal_claim"),  # a study cited
    ("It was the nerve block, not the tablets or the heat pads, that took the ache out of my jaw.", "causal_claim"),
    ("Dry air is the most frequent trigger of nosebleeds in winter.", "causal_claim"),  # a trigger ranked, as a cause
    ("Since my daughter started the new eye drops, her squint has simply vanished.", "causal_claim"),  # begun, then a change
    ("If left untreated, gum disease can lead to tooth loss.", "causal_claim"),  # what the illness does, not a doubt
    ("In older adults, a urinary infection is often the cause.", "causal_claim"),  # the cause, at the end of its clause
    ("Poor denture hygiene is the main factor for the development of these sores.", "causal_claim"),
    ("According to research, the leading cause of shin pain in runners is overload.", "causal_claim"),  # research cited
    ("Our clinic audit of 60 mothers found that warm compresses eased the engorgement.", "causal_claim"),  # a study's finding
    ("Endometriosis is a common cause of unexplained pelvic pain.", "causal_claim"),  # "unexplained" names the pain
    ("Screening resulted in fewer deaths in the cohort studies.", "causal_claim"),  # no search's yield: no count of papers
    ("It's all down to the new inhaler.", "causal_claim"),
    ("Since I started the tablets, I haven't had a single migraine.", "causal_claim"),  # the change is a negation
    ("In our view, the trial was small, and the spray clearly cut relapse in half.", "causal_claim"),  # the view is the first clause's
    ("Cold-water rinses made his scalp itch-free.", "causal_claim"),  # a state in -free
    ("Talking therapy changed how I think about food, and I eat normally now.", "causal_claim"),  # no belief held
    ("There is moderate quality evidence that hip protectors reduce fractures in care homes.", "causal_claim"),  # graded
    ("The nerve block eased her pain within minutes.", "causal_claim"),  # "block", the injection, then the verb
    ("The damp flat was behind Mia's cough all winter.", "causal_claim"),  # what is behind a harm
    ("Cycling to work is how I shifted the last of the baby weight.", "causal_claim"),  # a way of doing, a change
    ("Lifting the crates is what bent my fingers out of shape.", "causal_claim"),  # an irregular past in a cleft
    ("Sharing flannels is what spread the impetigo round the nursery.", "causal_claim"),
    ("The ointment my nan swore by finally cleared the rash.", "causal_claim"),  # her trust in it, not her report
    ("Tight collars are another cause.", "causal_claim"),  # a cause at the clause's end, however ranked
    ("Eczema was the most common cause (41%), followed by psoriasis.", "causal_claim"),
    ("Overuse is the most common aetiological factor.", "causal_claim"),
    ("Damp bedding is the main trigger for these flares.", "causal_claim"),
    ("Sweating is an aggravating factor for the blisters.", "causal_claim"),
    ("A gene fault is responsible for the brittle nails.", "causal_claim"),  # a cause, not a duty
    ("Cold compresses are excellent for relieving the itch.", "causal_claim"),  # good at an effect
    ("Early splinting is the key to preventing a bent finger.", "causal_claim"),
    ("Night shifts wear down a nurse's sleep and patience.", "causal_claim"),  # a phrasal verb of effect
    ("The spray didn't just ease my sinuses, it cleared them for good.", "causal_claim"),  # "not just": more, not less
    ("A lack of vitamin D causes soft bones in toddlers.", "causal_claim"),  # an absence as the cause, no denial
    ("Chilblains are a common sequela of cold, damp winters.", "causal_claim"),  # a sequela, as a consequence
    ("Sweat and friction are the two most important etiological factors for blisters in hikers.", "causal_claim"),
    # a review's probes of this round's rules: each is flagged
    ("Calcium and HRT block bone loss in older women.", "causal_claim"),  # "block" after an abbreviation, a verb
    ("Daily doses of CBD block seizures in children.", "causal_claim"),
    ("Poor sleep is responsible for her headaches.", "causal_claim"),
    ("A stomach ulcer was responsible for the bleeding.", "causal_claim"),
    ("Salt is responsible for 30% of strokes.", "causal_claim"),  # a share of the harm it causes
    ("Swimming is how my little boy beat his asthma.", "causal_claim"),
    ("Those acupuncture sessions were how she overcame her insomnia.", "causal_claim"),
    ("It took just two sessions of CBT to get him into a normal sleep pattern.", "causal_claim"),  # "to get": no order
    ("Low vitamin D was behind her aching shins all winter.", "causal_claim"),
    # tuned on blind173-180
    ("Damp bedding is what set off the baby's eczema.", "causal_claim"),  # a phrasal verb in a cleft
    ("A long hike with no warm-up brought on the knee pain.", "causal_claim"),  # "with no" is the subject's
    ("Tight shoes are a primary contributing factor.", "causal_claim"),
    ("Gout is an uncommon cause of heel pain in young women.", "causal_claim"),  # however rare, a cause
    ("My asthma attack was set off by the cold air.", "causal_claim"),  # the passive, with its agent
    ("Measles caused 95,000 deaths in 2017.", "causal_claim"),  # a count of harms is an object
    ("Grommet surgery is highly successful.", "causal_claim"),  # success asserted, as efficacy
    ("The three creams are all effective.", "causal_claim"),
    ("Damp housing is often the cause of childhood wheeze.", "causal_claim"),  # the cause, named
    ("Simple drainage results in 40% recurrence within a year.", "causal_claim"),  # the share of an outcome
    ("Exercise helps you think better and lowers stress.", "causal_claim"),  # thinking done, not a belief held
    ("The campaign helped nobody more than smokers, who quit in large numbers.", "causal_claim"),  # a comparison
    ("The tablet, which may sting, has reduced my blood pressure.", "causal_claim"),
    ("The pill I had has no side effects.", "safety"),  # what it has, not what I had
    ("Smoking causes 1 in 5 deaths in the UK.", "causal_claim"),
    # tuned on blind181-196
    ("Removing the wart will always cause a scar.", "causal_claim"),  # the future, with no other flag: a claim
    ("Cold compresses will ease the swelling.", "causal_claim"),
    ("Skipping the brace will make the curve worse.", "causal_claim"),
    ("The rash associated with the new soap is caused by its perfume.", "causal_claim"),  # which rash; the verb claims
    ("Knee swelling linked to gout is the result of uric acid crystals.", "causal_claim"),
    ("Bone loss not visible on X-ray can lead to fractures.", "causal_claim"),  # "not" says which bone loss
    ("Heel fissures not treated early can result in infection.", "causal_claim"),
    ("Tendinitis arises from repeated strain.", "causal_claim"),  # a harm's source
    ("Stress fractures often stem from sudden increases in training.", "causal_claim"),
    ("The yoga course lowered blood pressure, according to the clinic log.", "causal_claim"),  # a record, not a person
    ("Parent training cut school exclusions, according to pooled data from many schools.", "causal_claim"),
    ("Silver nitrate is the gold standard and it cures every case.", "causal_claim"),
    ("Crush injuries can also result in tendon rupture.", "causal_claim"),  # an adverb after a modal: the verb
    ("Long hours at a desk make the neck prone to strain.", "causal_claim"),
    ("The brace provides good reduction of the deformity.", "causal_claim"),
    ("The block provides complete pain relief.", "causal_claim"),
    ("Gum disease is one of the causes of bad breath.", "causal_claim"),
    # a review's probes of the round's rules: each flagged
    ("Despite fears about its cost, the new drug will halve the relapse rate.", "causal_claim"),  # the fear is the cost's
    ("Cold temperatures trigger thumb stiffness in people with arthritis.", "causal_claim"),  # a plural subject: the verb
    ("Vibrating power tools trigger finger numbness in builders.", "causal_claim"),
    ("Doctors typically prescribe it because it is completely safe.", "safety"),  # "typically" goes with "prescribe"
    ("The drug, usually taken at night, is completely safe for everyone.", "safety"),
    ("Our retreat is the gold standard approach to healing your marriage.", "hype"),  # a pitch, not a term of care
    ("The gold standard treatment for ageing skin is now available in our salon.", "hype"),
    ("Our gold standard range of vitamins keeps your family healthy.", "hype"),
    # tuned on blind197-211
    ("Hot water is the key to pain relief.", "causal_claim"),
    ("Sitting this way increases the possibility of hip stiffness.", "causal_claim"),  # a risk raised, no doubt
    # a review's probes of the round's rules: each flagged
    ("Faster recovery was due to close monitoring by the nurses.", "causal_claim"),  # "due to close": no schedule
    ("The fall in infections was due to complete removal of old catheters.", "causal_claim"),
    ("A girl presented with a stammer that weekly speech therapy ironed out.", "causal_claim"),  # a treatment named
    ("The new inhaler improves on its predecessor by halving flare-ups.", "causal_claim"),  # better than it
    ("Her eczema resolved without any treatment other than the new cream.", "causal_claim"),
    ("Cancer proved no match for the new immune therapy.", "hype"),
    ("This pill would prove superior to every painkiller on the market.", "hype"),
    ("Three months on the iron tablets and the colour came back into her cheeks.", "causal_claim"),
    ("The low-salt diet is the one reason my blood pressure is normal now.", "causal_claim"),
    # tuned on blind220-226, whole Results and Conclusions sections, in new words
    ("Bone density was increased by 6 months of weight training in the older women.", "causal_claim"),  # a time's worth
    ("Poor sleep was shown to raise worries tied to exams in most pupils.", "causal_claim"),  # the link names the object
    # "did not" denies its own verb, not the next one after "but"
    ("Ketamine did not increase anxiety but decreased craving.", "causal_claim"),
    ("The spray did not change sleep, but lowered pain scores.", "causal_claim"),
    ("The dose was not fatal and improved pain levels.", "causal_claim"),  # ... nor the verb after "and"
    ("The patch didn't affect sleep and increased energy.", "causal_claim"),
    # a treatment that "showed" or "achieved" more or less of something brought it
    ("Couple therapy achieves higher satisfaction than individual therapy.", "causal_claim"),
    ("The programme showed improved wellbeing in patients.", "causal_claim"),
    ("The therapy showed increased self-esteem.", "causal_claim"),  # a hyphenated noun
    ("The therapy showed lower relapse rates than usual care.", "causal_claim"),
    # an editor's careless drafts of summaries of real abstracts (a walkthrough's)
    ("Herbal and alternative remedies work just as well as medication.", "causal_claim"),
    ("These drugs work where nothing else does.", "causal_claim"),
    ("Don't bother staying on blood thinners any longer than you have to.", "advice"),
    ("Medication is the key to recovering from schizophrenia.", "causal_claim"),
    # a review's probes of those rules, narrowed too far once: each flagged
    ("Emotionally focused therapy showed higher relationship satisfaction.", "causal_claim"),  # a participle in a name
    ("Ketamine in low doses showed fewer suicidal thoughts.", "causal_claim"),  # a dose after the treatment
    ("The drug showed lower cortisol levels.", "causal_claim"),
    ("The drug was not harmful and made patients feel better.", "causal_claim"),
    ("Researchers reduced anxiety in rats with a single dose of psilocybin.", "causal_claim"),
    ("Antidepressants work just as well as therapy.", "causal_claim"),
    # a fourth review's: each flagged
    ("Ketamine showed lower levels of depression in the patients.", "causal_claim"),  # levels of an outcome
    ("The programme showed lower dropout from school among teenagers.", "causal_claim"),
    ("Researchers reduced the number of falls in care homes by giving residents vitamin D.", "causal_claim"),
    ("In practice, ketamine and psilocybin work quickly.", "causal_claim"),  # an opening phrase
    ("Treatments using psilocybin work for depression.", "causal_claim"),  # a treatment heads the subject
    ("The widely used drug showed improved survival.", "causal_claim"),  # a participle as an adjective
    ("The drug did not lower weight, and reduced cravings made worse by stress.", "causal_claim"),
    # a fifth review's: each flagged
    ("The drug showed lower variability in blood pressure.", "causal_claim"),  # the body's measure of health
    ("The diet produced slimmer figures in women.", "causal_claim"),  # figures of no analysis
    ("Moreover, SSRIs and CBT work for panic disorder.", "causal_claim"),
    # a sixth review's: each flagged
    ("SSRIs, CBT and mindfulness work for panic disorder.", "causal_claim"),  # a list of treatments
    ("Three widely used antidepressants work for anxiety.", "causal_claim"),
    ("Some psychedelics work within hours.", "causal_claim"),  # a quantifier opens the subject
    ("The drug showed lower levels of blood pressure.", "causal_claim"),
    ("The drug showed lower variability in kidney function.", "causal_claim"),
    ("Researchers reduced anxiety with a single dose.", "causal_claim"),  # the dose is not what they reduced
    ("The mentoring scheme showed lower dropout from secondary school.", "causal_claim"),
    ("Two widely used SSRIs showed improved mood.", "causal_claim"),
    # what ought to be done does not hedge the reason given for it
    ("The dose should be considered, because these medications lead to dementia.", "causal_claim"),
    ("Doctors should check the dose because these drugs cause falls.", "causal_claim"),
    # "lack of" after a preposition is a noun, no denial
    ("Fear of another fall, as well as lack of information, made recovery at home difficult.", "causal_claim"),
    # "no" naming what a treatment was compared with denies nothing
    ("The drug was more effective than no treatment in reducing pain.", "causal_claim"),
    ("Compared with no intervention, exercise reduced falls.", "causal_claim"),
    # a topic named before the comma, not a doubt
    ("Regarding the combined effects of delivery and feeding, long-term breastfeeding suppressed asthma.", "causal_claim"),
    # the people a study examined are not who found it
    ("Study 1 examined adults and found positive effects on mood.", "causal_claim"),
    # a "not" after "but" denies the other thing, not the verb
    ("The programs reduced psychological (but not physical) abuse.", "causal_claim"),
    ("The drug reduced pain but not fatigue.", "causal_claim"),
    # what people or animals "had" is a state, unless a treatment is in the subject or its verb takes an object
    ("Children who received the intervention had improved reading scores.", "causal_claim"),
    ("Patients on ketamine had reduced depression.", "causal_claim"),
    ("We find that NAL effects have reduced fatal opioid-related overdose.", "causal_claim"),
    ("Patients had reduced their smoking.", "causal_claim"),
    ("Patients given the drug had a 40% reduced risk of stroke.", "causal_claim"),
    ("We found that parents of infants benefited the most from the program.", "causal_claim"),  # what from
    # a review's: a treatment named anywhere before "had", or after it with "after", keeps the claim
    ("The ketamine group had reduced depression.", "causal_claim"),
    ("After treatment with the new drug, patients had reduced pain.", "causal_claim"),
    ("After 12 weeks of yoga, women had reduced anxiety.", "causal_claim"),
    ("Patients had improved sleep after taking melatonin.", "causal_claim"),
    # ... a treatment's "most" is its effect, and "most, if not all," counts
    ("The program helped most at the start.", "causal_claim"),
    ("The drug improved most, if not all, outcomes.", "causal_claim"),
])
def test_what_patients_would_misread_is_flagged(text, check):
    assert check in checks(text), text


@pytest.mark.parametrize("text", [
    "Ketamine may improve mood.",  # hedged
    "These findings suggest that the sessions have an effect on trust.",
    "The study does not show that ketamine improves mood.",  # negated
    "Participants said they felt calmer after the sessions.",  # reported
    "Psilocybin use was linked to lower depression scores.",  # association
    "People who took part were more likely to sleep well.",
    "Depression scores were lower after treatment, but there was no comparison group.",  # descriptive
    "Symptoms improved significantly after the sessions.",
    "No serious side effects were reported in this small study.",  # an observation
    "Talk to your care team before any change.",  # pointing to the care team
    "Ask your doctor whether this research applies to you.",
    "Researchers gave 20 patients ketamine.",
    "The FDA granted esketamine breakthrough therapy designation.",
    "The recovery room is a safe, quiet space.",  # safe about a place
    "No medicine is entirely without danger.",  # the opposite of a safety claim
    "Nothing in the pharmacy comes truly free of unwanted effects.",  # the opposite, in a shape
    "Two of the nine children suffered no adverse effect.",  # what was seen
    "Patients remained free of unwanted effects for six months.",
    "Nobody came to any harm during the eight-week pilot.",  # what was seen, not a promise
    "The lotion, which may sting at first, might clear the spots.",  # hedged after the relative clause too
    "Future studies should test whether napping improves memory because it is cheap.",
    "Patients should be told, because the drug may cause falls.",  # the reason is itself hedged
    "It was no better than no treatment at reducing pain.",  # the first "no" still denies
    "Regarding whether ketamine improves mood, data are lacking.",  # "whether" still doubts
    "The survey assessed parents, who found that the sessions helped.",  # the parents' own finding
    "Participants examined the leaflets and found that the sessions helped.",
    "The drug improved but did not cure the rash.",  # denied after "but"
    "In addition, patients in delirium had prolonged hospitalization.",  # a state they were in
    "Individuals who used psilocybin had reduced odds of hypertension.",
    "Of 112 participants, 64 (57%) had impaired cognition.",
    "Mice born by caesarean had a decreased activity compared with other mice.",
    "Children delivered by caesarean had a 52% increased risk of asthma.",  # a size before the state
    "Children in the group improved most in self-concept.",  # how much, not whom
    "Serum albumin, AST and ALT decreased the most in patients with NASH and fibrosis.",
    "Reviews point to lack of evidence that acupuncture relieves pain.",  # a denial, whatever comes before
    "The drug reduced (but not significantly) pain scores.",  # the "not" is the verb's
    "Studies should test if, because of the drug, pain is reduced.",  # still a question
    "Smokers had a 52% increased risk of stroke.",
    "Results in older mice may differ.",  # a sentence does not open with the verb "results in"
    "Long walks, which may tire you, making blood flow better.",  # the participle goes on with the relative clause
    "My aunt says the gel cleared her spots, whatever her doctor thinks.",  # her report, conceded or not
    "The gel cleared her spots, the pharmacist insists.",
    "Heat waves may bring on a flare of rosacea.",
    "Back pain is a common reason for visits to the GP.",  # a reason to see a doctor
    "The main reason for dropping out was the long journey.",  # the reasons people gave
    "Blisters appear to heal faster under plasters.",  # seeming
    "Tight socks worsen bunions, according to my neighbours.",
    "The new shoes may make walking pain-free.",
    "We think the rash is caused by the new washing powder.",  # a belief, hedged
    "Doctors suspect the swelling is triggered by pollen.",
    "There is no very convincing evidence that zinc lozenges are effective for colds.",
    "The ginger capsules helped nobody in our group.",  # an effect denied
    "Reading speed improved 12 words a minute over the term.",  # a number alone is an amount, not an object
    "Physio can only be successful with daily home exercises.",  # a condition, not a finding
    "Randomisation was successful, with balanced groups.",  # success of a method, not of a treatment
    "Follow-up was successful in 95% of participants.",
    "The operation was technically successful in all patients.",
    "Convenience is the main reason for choosing tablets over injections.",  # a motive
    "There is no way to know whether it could hurt you.",  # a question left open, not a promise
    "There is low quality evidence that acupuncture reduces pain.",  # graded low
    "There is low to moderate quality evidence that massage reduces pain.",
    "According to patients interviewed by Sano et al., the drug reduces pain.",  # the patients' report
    "The company makes alcohol-free mouthwash.",
    "There was no adverse effect on growth in the first year.",  # what was seen
    "This process usually takes several weeks.",  # "this" before a noun in -ss
    "That is what makes this survey unusual.",  # what makes a thing so, not a person
    "Both analyses produced better results for the larger sample.",  # an analysis's output
    "The propensity score model produced similar results.",
    "Her weight is down to 52 kg after the illness.",  # a figure, not a cause
    "Whether to operate is down to you and your surgeon.",  # who decides
    "The questionnaire was used successfully in three clinics.",  # an instrument of the research
    "Steroid drops can be used successfully in some children.",  # a possibility
    "Treatment allocation was successful in every site.",  # a step of the trial, not the treatment
    "Gout is thought to be far more common in older men than in young women secondary to urate levels.",  # a belief, however far on
    "These cysts are proposed to be a result of blocked ducts.",
    "In our view: the limp is caused mainly by a weak hip muscle.",  # the authors' belief, past the colon
    "The new balm soothed my lips, according to the pharmacy's customers.",  # people's report, whoever they shop with
    "It is the porter that takes the trolleys away each night.",  # who does a task, nothing felt taken away
    "Since the trial started in 2016, enrolment has fallen every year.",  # a date, not a treatment begun
    "Since the cream is cheaper, more families choose it.",  # a reason
    "Since then, several reports have described faster healing.",
    "If left to patients, the choice of cream may come down to price.",  # a hedge still
    "The cause is still unknown in most children.",  # the cause, not named
    "Age was the main factor in choosing surgery.",  # a motive, not a cause of disease
    "A survey of 40 mothers found they felt the compresses shrank the swelling.",  # the mothers' own report
    "Screening of 310 abstracts resulted in 14 trials that met our criteria.",  # a literature search's yield
    "The widespread belief that sugar, in any amount, causes hyperactivity is wrong.",  # a belief, however long
    "The most common cause of the swelling in our series was idiopathic.",  # no cause found
    # a review's probes of the rules above: each now passes
    "The drops stopped the itching, mothers in the pilot said.",  # people's report, wherever they took part
    "Her temperature is down to normal now.",  # "down to" a level, not a cause
    "Whether to operate is down to the surgeon.",
    "Since the pandemic began, referrals to the clinic have dropped.",  # a date
    "Since my son started school, he has never slept through the night.",  # a time of life
    "This limits the generalisability of our findings.",  # a study's limitation, not an effect on health
    "Blinding of treatment was successful in both arms.",  # a step of the trial
    "The method has been used successfully to measure sweat chloride in newborns.",  # a way of measuring
    "An unusual result of the blood test was high potassium.",  # a test's result
    "The lasso model produced better results than stepwise selection.",  # an analysis's output
    "What matters most to families is the cause.",  # no cause named
    "If untreated, the fracture can heal in a poor position.",  # the natural course, no cause named
    "A survey of 300 nurses found that the new dressing reduced infections.",  # the nurses' own report
    "Our figures are comparable to previously published studies.",  # "published" is no verb of effect
    "No one side effect stood out.",
    "Results in 45% recurrence rates were reported in older studies.",  # the noun
    "Stress may be the cause of her headaches.",
    "The results in 60% of patients were good.",  # the noun, before a figure
    "Prior to the TAP block the patient needed six doses of morphine.",  # the injection, a noun
    "Scores were lower across the rehab block run at the clinic.",
    "On the other hand, older patients may benefit from surgery.",  # an idiom, not a verb of giving
    "The swelling is behind the knee.",  # a place
    "We are behind schedule with recruitment.",  # a lag
    "This is how we ran the groups.",  # a way of doing, no change
    "Reading the leaflet is how I learned about the trial.",  # what someone found out
    "Maya felt the ceremony brought her closer to her sister.",  # her own report
    "My gran swears the cream cleared her hands.",
    "The trial lacked a control group, so we cannot say the cream reduced the rash.",  # a lack that is a denial
    # a review's probes of this round's rules: each passes
    "Prior to the nerve blocks the patient needed morphine.",
    "The charity is behind the new awareness campaign.",  # people's doing
    "The nerve is behind the collarbone.",  # a place
    "An email is how I received my results.",  # no verb of effect
    "Online is how I ordered the cream.",
    "The rash spread to her arms.",  # a disease's own course
    "Researchers are studying which gene is the main culprit.",  # a question
    "The key trigger for starting insulin is an HbA1c above 58.",  # a decision's trigger
    "The commonest trigger for surgery was pain at night.",
    "Patients were asked about exacerbating factors in their diaries.",
    "GPs are responsible for prescribing the drug.",  # duties
    "The charity is responsible for running the helpline.",
    "The device is responsible for measuring blood sugar.",
    "The room is good for treating patients in private.",
    "You can't just cure diabetes with cinnamon.",  # "not just" after a modal still denies
    "Fish oil can't simply reverse heart disease.",
    "My mother swears the cream cleared her hands.",  # her report
    "My gran swore by the paste for her chilblains.",  # her trust
    "We set off for the clinic at dawn.",  # a journey
    # a second review's probes of the last round's rules: each passes
    "We were left with no therapy that cured the infection.",  # "with no" after a verb: a denial
    "The questionnaire is the source of pain ratings.",  # a source of a measure
    "We asked which joint was the source of pain.",  # a question
    "Setting off fireworks near the ward is banned.",
    "Every session ends with five minutes of breathing practice.",  # a routine
    "The survey was the source of data for this study.",  # a source of data, not of harm
    "The main trigger is still unknown.",  # no cause named
    "Damp bedding is a trigger.",  # a trigger named, not ranked among causes
    "The practice nurse is responsible for the dressings clinic.",  # a duty
    "Ward staff are responsible for 40% of the budget.",  # a share
    "The physiotherapist is responsible for measuring grip strength.",
    "Predisposing factors include tight shoes and sweaty feet.",  # risk factors, listed
    "Worried about your kidneys? Book a chat with your GP.",  # the care team
    "Three of nine women dropped out of the study.",  # attrition
    "All outcome measures improved statistically significantly (P < 0.001).",  # measured, no cause
    "Further study of ketamine is necessary, including which patients benefit most.",
    "Households that kept a shared meal going tended to log fewer rows.",  # association
    # tuned on blind181-196
    "There are concerns that overuse of the cream will lead to resistance.",  # a fear
    "Parents worry that late screens will lead to poor sleep.",
    "We need a way to spot the babies who will benefit from surgery.",  # which babies
    "Surgery for trigger finger is usually done under local anaesthetic.",  # "trigger finger": a name
    "Trigger points are tender knots in a muscle.",
    "Acupuncture needles are placed into the trigger points.",
    "The sciatic nerve arises from the lower spine.",  # where a nerve starts
    "Patients whose symptoms arise from the joint were given injections.",  # which patients
    "The drug did not stop the pain, according to the clinic log.",  # a denial, whoever records it
    "The ointment soothed her skin, according to her mother.",  # her report
    "A good result was achieved in most patients.",  # "result" as a noun
    "The clinic provides good care for all patients.",  # care given, no outcome
    "Sore throat is one of the reasons for visiting a GP.",  # why people come
    "Tom thinks the diet eased his gout.",  # a belief, held by a named person
    "Priya suspects the new pillow eased her neck pain.",
    "The nurse sets off the alarm if the monitor beeps.",  # an alarm set off is no harm
    # a review's probes of the round's rules: each passes
    "Surgeons will repair the hernia through a keyhole cut.",  # what people will do
    "Next year the clinic will increase the number of appointments.",
    "These data will help us understand why some people relapse.",  # a study's purpose
    "The new guideline will help GPs decide when to refer.",
    "Officials warn that the heatwave will cause more hospital admissions.",  # a forecast
    "Scientists are confident that the vaccine will prevent severe illness.",
    "The protective effect associated with breastfeeding was weaker in boys.",  # an effect's association
    "Experts not persuaded that fasting reverses diabetes.",  # the "not" governs what follows
    "Trials not powered to show the drug cuts deaths.",
    "Melanoma arises from pigment cells in the skin.",  # where a growth starts
    "Osteopathy stems from a theory developed in the 1870s.",
    "Problems arose from the way the data were collected.",
    "The name of the disease stems from the Greek word for sugar.",
    "In most patients the pain arose from the facet joints.",  # where the pain is
    "The cream eased her pain, according to her own daily log.",  # her own record: her report
    "Yoga reduced their stress, according to a log kept by the parents.",
    "The curved handle provides good control of the needle during injection.",  # control of a tool
    "The matched design gave good control of confounding.",
    # a review's probes of the second round's rules: each passes
    "These results raise the possibility of a protective effect of coffee on the liver.",  # a hedge
    "Such results increase the possibility of confounding by age.",  # a method's worry
    # the words around claims, with no verb of effect: the learned reader stays silent
    "The retreat worked wonders for their marriage, the tabloid insists.",  # someone's declaration, idiom and all
    "What a new study of MDMA-assisted therapy with a partner found for couples and families (21)",
    "What a new study of MDMA-assisted therapy with a partner found for couples and families (13)",
    # nouns before a participle or after an order; a count; a place; a condition; a reason for a method
    "The numbing drops used at the eye clinic are part of every visit.",
    "The waiting room where the drops are put in is safe and warm.",
    "The new spray would be safe if the dose is kept low.",
    "Ketamine carries real risks, which is why people with heart disease were excluded.",
    "Side effects which can be harmful were counted at every visit.",
    "There is also evidence that the diet plays a part in reflux.",
    "Treat these early results with caution.",
    "Ask your physio whether these exercises suit your knee.",  # the care team, named by role
    "If your child looks pale, call your health visitor.",
    "People curious about mushrooms ought to go through their tablets with a GP first.",
    # a report stays a report for the learned reader too; purposes; what a review covers
    "My neighbour says the retreat cured her insomnia completely.",
    "Video clinics are a new way to reduce travel and improve access to care.",
    "This paper reviews risk factors that can impact the treatment of gum disease.",
    "The exact mechanism of light-induced repigmentation needs to be clarified.",
    "There is a high likelihood that cutting salt will prevent strokes.",
    "Adverse events leading to treatment discontinuation were rare in both groups.",
    "Interviews elicited the views of carers on the day centre.",
    "Hands, feet and lower legs were numb at the first visit.",
    "The ear drops did nothing for the wax.",
    "Their loved one was safe and well looked after.",
    "Psilocybin seemed fairly safe in the clinic, but it can trigger panic.",  # a harm warned of
    "Further studies of programmes that improve mobility should be started soon.",  # what to study
    "There are evidences that a low-salt diet slows kidney disease.",
    "An increasing body of evidence supports thresholds below which vitamin D supplements have benefits.",
    "Caregivers play a crucial role in meeting the needs of stroke survivors.",  # people's part
    "The group demonstrated consistently lower pain scores than the control group.",  # measured
    "Most people came to every session. A few stopped early because they felt unwell.",  # their reason, theirs
    "Trials are needed to reach consensus regarding the most effective dose for children.",
    "Small samples made it difficult to draw firm conclusions about the sessions.",  # what research could say
    "The review covers the role of the enzyme in cancer stem cells.",  # "stem", a noun
    # shapes from the unlabelled real abstracts the rules misread, in other words
    "Subjective drug effects were recorded every hour.",  # what was done to an outcome
    "Every family received enhanced usual care from the clinic.",  # a participle as an adjective
    "The survey analyses elicited preferences for flu vaccines.",
    "It is an ongoing double\u2010blind (DB), placebo-controlled study in adults.",  # U+2010, PubMed's hyphen
    "We pooled nine therapy trials (ketamine = 4, MDMA = 5).",  # "trials", a noun
    "Mice received lower doses of the drug.",  # a comparative as an adjective
    "Nurses logged rescue medication use.",  # verbs as a noun's modifiers
    "It was a randomized double blind study involving 85 children.",
    "Most were leading smoke free lives a year later.",
    "Nucleoside reverse transcriptase inhibitors were given to all of them.",
    "Further studies are advised because of the small samples so far.",  # why research is needed
    "Acupuncture is considered to be an effective treatment for nausea.",  # an opinion held
    "Due to the small samples, it remains unclear which children will benefit.",
    "Nurses were responsible for delivering the sessions.",  # a role, not a cause
    "The sample was made up of nurses and carers.",
    "We put participants at ease before each interview.",
    "Over the year, the mean corrected score was stable.",  # "corrected", a statistician's word
    "The new ward was brought on line in May.",
    "The cohort was better than average at following the diet.",
    "Nurses made their own decisions about dressings.",
    "The team made use of local parks.",
    "The robot made its way down the ward.",
    "Common dietary triggers include chocolate and cheese.",  # a plural noun, then its verb
    "Ketamine is generally well tolerated, but it can raise heart rate during the session.",  # a warning
    "However, due to the nature of surgery, a double-blinded trial was not possible.",  # why the design
    "Age and BMI contributed significantly to the likelihood of falls.",  # a statistical share
    "Studies have described lasting benefits of yoga for back pain.",  # others' reports, cited
    "Smoking increased the odds of a failed graft in the adjusted analysis.",  # an association
    # from the thirty-seventh to fortieth sets' shapes, in new words
    "The balm perhaps softens scar tissue, the nurse wondered aloud.",  # "perhaps", no verb in -s
    "Nothing shows that hypnotherapy repairs a broken marriage.",  # the learned reader heeds the negation too
    "Message to my sister Bronwen: most of the group said the exercises eased their knees.",  # a heading
    "Forum post from a carer in Leeds: No anaesthetic is completely free of side effects.",  # after a heading
    "Physiotherapists stress that no knee operation is entirely without risk.",
    "Nobody should assume melatonin is harmless for children with epilepsy.",
    "Bring your worries about the new patch to the pharmacist who knows your history.",
    "Before cutting down any tablets, book a chat with the chemist at your pharmacy.",
    "Caseworkers should keep considering kinship care when a placement breaks down.",
    "Kava is sold as a safe, natural way to calm nerves, yet liver injuries have been reported.",  # the seller's words
    "The surgery aims to cure the condition by closing the hole between the chambers.",  # an aim, not a promise
    "Prematurity is one of the most important complications of a twin pregnancy.",  # not the treatment's
    "Few patients had adverse effects on the first day of dosing.",  # an observation
    # from the forty-first to forty-fourth sets' shapes, in new words
    "What improved in the trial? Scores on the walking test.",  # what changed, not what changed it
    "The search returned a result of 1,204 records.",
    "The sensitivity analysis produced similar results.",
    "It is essential that clinics provide effective pain relief.",  # what must be done
    "Wet wraps have been advocated as an effective treatment for eczema.",  # others' praise
    "Patients were perceived to recover faster on the new ward.",
    "Due to the small number of trials, we conduct no meta-analysis.",  # why the research did something
    "No retreat can promise you a completely safe ceremony.",
    "Questions about the trial? Raise them with your care coordinator.",
    "Have a go at the crossword before the session.",
    "We set off for the clinic at dawn.",
    "Nothing can happen until the consent form is signed.",
    "Debate continues about whether long-acting inhalers are safe in children.",  # an open question
    "Cognitive therapy has the best established evidence base.",
    "After years of conflict, unprecedented levels of deployment remain.",
    # from the forty-fifth to forty-eighth sets' shapes, in new words
    "Hypnosis ended her fear of flying, her cousin told the local paper.",  # someone's word, said at the end
    "The diet cut his blood sugar, his sister claims on her blog.",
    "The appointment was delayed by a week.",
    # from the forty-ninth to fifty-second sets' shapes, in new words
    "There were no adverse effects in the study.",  # an observation in one study
    "Early data suggest that the new patch is safe for teenagers.",
    "Don't believe anyone selling kava as harmless; liver injuries are on record.",
    "Don't change your inhaler dose on your own without checking with the asthma team first.",
    "It is believed that sleeping on the left side is better for the baby.",
    "We suspected that missed doses were a major cause of relapse.",
    "The therapy has shown the potential to restore some movement after injury.",
    "Blood pressure was reduced by an average of 6 points.",  # an amount, not an agent
    "Twelve trials involving 3,400 adults contributed to the analysis.",
    "We previously reported that poor sleep was a major cause of falls.",  # cited
    "The classes were led by the local hospice team.",
    "The patch had no lasting effect on my cravings once the course ended.",
    "No treatment comes without risk, and a high dose can set off a migraine.",  # a harm warned of
    "Fatigue is the most common and the most severe symptom ever reported by these patients.",
    "Pupils told inspectors that the fights had almost stopped since the new rules.",
    "My wife swears the magnesium helps her cramps, though I'm not convinced.",
    "There is ongoing debate as to which dressing is the safest and most effective.",
    # from the fifty-third to fifty-sixth sets' shapes, in new words
    "Dr Patel believes the patches rewired my sleep.",  # a belief
    "Members of the support group claim that cold showers doubled their energy.",
    "A few patients were convinced the injections had given them their evenings back.",
    "About half the pairs rated the app as having improved how they argue.",
    "Steroids play a central role in the treatment of many rheumatic diseases.",  # a place in care
    "Shingles mostly affects people over sixty.",  # who gets it
    "Twin studies have implicated inflammation in the onset of the disease.",  # a link
    "Objective: To evaluate a chatbot at reducing anxiety in students.",  # an aim after a heading
    "If your knee swells up overnight, get it checked by a doctor the same day.",
    "Our database search resulted in 812 articles, of which 9 were included.",
    "Ultrasound is the gold standard in monitoring the baby's growth.",  # a test's standing
    # from the fifty-seventh to sixtieth sets' shapes, in new words
    "What triggered the relapse is still unclear.",  # a question still open
    "What caused the outbreak remains unknown.",
    "No painkiller, not even paracetamol, is totally harmless.",
    "Veterans said they felt calm and were completely safe.",  # still theirs
    # from the sixty-first to sixty-fourth sets' shapes, in new words
    "Maybe the tablets worked, or maybe the winter just ended.",
    "My partner says the retreat made him calmer.",
    "Priya reckons the drops cleared her eyes.",  # a name, then a verb of saying
    "It's thought that lithium calms the overactive circuits.",
    "Gout mostly affects older men.",  # who gets it
    "Lupus affects young women in particular.",
    "Complications include increased bleeding and slower healing.",
    "The primary outcome was cure at twelve weeks.",  # an outcome measured, not a promise
    "Of the 80 families who began the course, 61 finished it.",
    "Poor hand hygiene is a major cause for concern on the ward.",
    "Research says nothing yet about the long-term effects.",
    # from the sixty-fifth to sixty-eighth sets' shapes, in new words
    "Results from 12 trials were pooled.",  # the noun
    "If you think your child has swallowed a battery, call 999 or go straight to A&E.",  # care, named otherwise
    "Sign up for our newsletter to hear about new studies.",
    "Read the full study on the journal's website.",
    # from the sixty-ninth to seventy-second sets' shapes, in new words
    "Ketamine is not a magic bullet for depression.",  # denied: the reader stays out
    "Moderate haemophilia is the rarest form of haemophilia.",
    # pointers to the care team the rules missed in blind73
    "Quiz your pharmacist about whether the new tablets suit you.",
    "If the plaster feels tight or your toes go blue, ring the orthopaedic clinic straight away.",
    "Don't change your insulin ahead of the holiday unless your diabetes nurse has agreed it.",
    "Take all your inhalers to your next appointment so your nurse can check your technique.",
    # from the seventy-seventh to eightieth sets' shapes, in new words
    "Acne and eczema are common causes of referral to dermatology.",  # why people come
    "If you can't stop being sick, call your maternity unit tonight.",
    "If the rash spreads overnight, phone the NHS helpline.",
    "The pump is operated by a small battery.",
    # from the eighty-first to eighty-eighth sets' shapes, in new words
    "The causes of restless legs are poorly understood.",  # open, not named
    "Possible causes include stress and poor sleep.",
    "Other causes of death were excluded from the analysis.",
    "Early stages can be managed with physiotherapy and rest.",  # a plan, not an effect
    "Children could be treated with the cream at home.",  # hedged
    "The effect of shift work on sleep in nurses is largely unstudied.",  # still open
    "The magnesium spray had zero effect on my cramps, honestly.",  # denied: no whole-sentence quote
    "The twins still fight every Saturday.",  # when, not what
    "One reader posted that the tea had cured her migraines.",  # someone's post
    "The causes of dropout were travel and cost.",  # why people left
    "The main causes for concern were falls and confusion.",
    "Most minor burns can be treated by a pharmacist.",  # who gives the care
    "Its size is what sets the study apart from earlier ones.",  # the study, not an effect
    # from the eighty-ninth to ninety-second sets' shapes, in new words
    "There is not enough scientific evidence to indicate that cutting teeth causes high fevers in babies.",
    "This kratom blend is no risk-free tonic, pharmacologists warn.",  # "no risk" inside "risk-free"
    "Kratom is a long way from harmless.",
    "Three sessions of acupuncture later, my back still aches; it did zilch.",
    "Patients likened the infusion to a fog lifting.",  # their words
    "The cream cleared their eczema, according to the patients' assessments.",  # their own ratings
    "Patients tested the theory that cold showers boost immunity.",  # a theory tested, not shown
    "That's what improved in the trial: sleep quality.",  # what was measured
    "Ask whoever writes your prescription about the new insulin dose.",  # the care team, asked a question
    "Book your dad in with the memory nurse for an assessment.",  # the care team, a few words on
    # from the ninety-third to ninety-sixth sets' shapes, in new words
    "The drop in visits was largely attributable to older patients.",  # who, not what caused it
    "Joint pain has been attributed to the weather for centuries.",  # what people have long said
    "The benefits attributed to cold baths were mostly small.",  # someone's attribution
    "Cold weather may play a causal role in joint pain.",  # hedged
    "Hand hygiene plays a central role in the management of ward outbreaks.",  # a use, not an effect
    "Risk factors that play a role in the development of gout are reviewed.",  # a topic
    "If the rash spreads, book an appointment to find out why.",  # the appointment is the care team
    "Health professionals caring for new mothers should seek other explanations first.",  # aimed at professionals
    "Massage therapy has been recommended for colicky babies in several studies.",  # a noun, not an order
    "Nothing in the medical literature shows that cold showers shorten colds.",  # no source shows it
    "Because of possible side effects, the gel should only be used for a week.",  # why a caution, not an effect
    "Knee pain thought due to arthritis was found in 12 of 40 runners.",  # a belief about the pain
    "The new balm apparently heals cracked heels for some walkers.",  # hedged
    "Combining the two trials produced a pooled odds ratio of 1.8.",  # an analysis's output
    "The questionnaire can capture small changes in mood.",  # what a measure can do
    "Alopecia can affect any hair-bearing area of the body.",  # where a disease shows
    "Teenagers in the scheme had lower arrest rates, but the groups weren't randomised.",  # a measure's name
    "The watch can track your sleep at night.",
    "Older adults can enjoy the classes at any fitness level.",  # what people can do
    # ... and what the review of that round found must pass
    "The tablets can contain small amounts of lactose.",  # what a thing is, not what it does
    "Local councils can fund adaptations to your home.",  # a service
    "The mobile unit can reach people in remote villages.",
    "The cream, if it works at all, can reduce itching only slightly.",  # an "if" that doubts
    "A small part of the difference between groups was attributable to chance.",
    "The famous quote is often attributed to Hippocrates.",
    "Most of these skin lumps are completely benign and need no treatment.",  # benign growths
    "This was the worst pandemic the world has seen in a century.",
    "Patients marvel at how quickly the procedure is over.",
    "The scan helps doctors check if the tumour has shrunk.",  # an "if" that asks
    "The study looked at the place of birth for women at high risk of complications.",
    "Community health workers play crucial roles in shaping vaccine uptake.",  # people's part
    "Stash all medicines out of the reach of children.",
    "Do not smear the cream near your eyes.",  # a caution
    "Ask your child's teacher to keep a spare inhaler at school.",
    "Caffeine crosses the placenta.",
    # from the ninety-seventh to hundredth sets' shapes, in new words
    "Dry skin can become a problem in winter.",  # a change of state, no cause
    "It is considered by most to be effective and quick.",  # an opinion held
    "A second review author resolved any disagreements.",  # what the researchers did
    "Vitamin C seemingly shortens colds for some office workers.",  # hedged
    "My mate swears the cold shower fixed his back.",  # someone's say-so
    "Results indicate that impacted wax is common in care homes.",  # halves of nouns
    "Children in treatment foster care were followed for two years.",
    "The survey showed that shift work drivers slept less than day drivers.",
    "The trial used double blinding and a placebo.",
    "The findings contribute to better planning of services.",  # what a study adds to knowledge
    "HYPOTHESIS: Yoga is an effective treatment for chronic neck pain.",  # what was to be tested
    "Because of a lack of evidence, we can't recommend copper bracelets.",  # why research falls short
    "Because of the heat in the room, dizziness may be worsened in some patients.",  # hedged in its main clause
    "A small scratch on the cornea usually heals spontaneously within a day or two.",  # nothing did it
    "Older patients showed reduced grip strength but similar walking speed.",  # an adjective after "showed"
    "Trial results from the Dutch study were mixed.",  # "results" as a noun
    "The cream was produced by a small Swiss company.",  # who made it
    # ... and what the review of that round found must pass
    "Good results from the pilot study were presented at a conference last spring.",  # "results" the noun
    "Scan results from both groups were read by two radiologists.",
    "The therapist ends every session with five minutes of slow breathing.",
    "The trials provided good outcome data for only two of the six drugs.",
    "The waiting-list group provided a good control for comparison.",
    "Surgery demonstrated a 100% success rate in the 12 patients treated.",  # a count
    "The changes produced by the review team were small.",
    "Each paper presents good results in favour of its own method.",  # "results in" after "good": the noun
    "The cause of the rash is still unknown.",  # open, not named
    "Scores improved 20% over the year.",  # a number alone is no object
    "Teens rated the sessions as the thing that helped them most.",  # their rating
    "The condition affected all ages equally.",  # whom a disease touches
    "A mild sunburn usually fades without treatment within a week.",  # nothing did it
    "Methamphetamine cardiomyopathy is an increasingly recognised aetiology of heart failure.",  # awareness growing
    # ... and what the review of that round found must pass
    "Comparing results from the two groups showed little difference.",
    "Symptoms improved 40 percent of the time with the spray.",  # how often, not a share of cases
    "The care team is responsible for symptom monitoring.",
    "Patients with a known aetiology of epilepsy were excluded.",  # who was left out
    "Rare causes of anaemia were excluded.",
    "The cause of the low response rate is a limitation of this survey.",  # the research's own
    "One of the causes of the high dropout rate was the travel distance.",
    "The leaflet lists everything that could possibly go wrong during surgery.",
    "Glaucoma drops don't repair old nerve damage.",  # a plural noun, then its negated verb
    "The cream is used widely, reportedly because it soothes the skin.",  # the report reaches past "because"
    "Creams that cause minimal stinging are tried first in toddlers.",  # little of a harm
    "The nasal spray gave me no relief at all after a week.",  # denied
    "Course alumni reported that the breathing drills calmed their nerves.",  # their report
    "The rash cleared up on its own within a fortnight.",  # nothing did it (the reader is not followed either)
    # ... and what the review of that round found must pass
    "The tumour was so benign it needed no surgery.",
    "The headache was like nothing else she had experienced.",
    "The findings can change how doctors treat asthma.",  # what research can do
    "Our twelve mediation evenings never shifted the standoff.",
    # ... and beside the rules tuned on blind220-226, with what their review found
    "Pain scores were reduced by 3 weeks after surgery.",  # when
    "HbA1c was reduced by 12 months of follow-up.",  # when, not a treatment's time
    "Bone density was increased by 6 months of age in both groups.",
    "Poor sleep was linked to worries tied to exams in most pupils.",  # a link, still
    "Poor sleep may raise worries tied to exams in some pupils.",  # hedged
    "Statin users had reduced deaths linked to heart disease.",  # what a group had, then a link
    "Vegetarians show lower blood pressure tied to their diet.",
    "The new drops produced no fall in eye pressure.",  # a plural noun, then its negated verb
    "The eye drops caused no change in vision.",
    "In the trial, we assessed if exercise lowers blood pressure.",  # a test, still open
    "In this review, studies examined, whether exercise lowers blood pressure.",
    "Of the 40 drugs tested, none lowered blood pressure.",
    "We asked whether the new drug was twice as effective.",
    "Retreat guests said they felt completely safe with the staff.",  # what they went through
    "Veterans described the course as life-changing.",
    "Participants said the retreat was life-changing.",  # those who went through it
    "Patients said there were no side effects.",  # what was seen
    "Retreat guests claimed the mushrooms cured their burnout.",
    "Tonight's talk is about effective ways to sleep better.",  # "about" a topic, not about half as effective
    "Among the misconceptions assessed, sugar causes hyperactivity was endorsed by most teachers.",  # a belief tested
    "The trial was powered to detect a modest effect on pain scores.",  # what it was built to find
    "A small effect cannot be ruled out.",
    "Mood did not change in the waiting period but improved after the sessions.",  # no treatment did it
    "Patients did not report nausea but reported decreased appetite.",  # what they said
    "Ketamine did not reduce pain and improve sleep.",  # a base form: both denied
    "The wound was not cleaned and dressed by the nurses.",  # two participles of one "was"
    "Teenagers in families that sought therapy early showed fewer relapses.",  # people who had it, compared
    "Survey respondents who'd tried psychedelics showed lower distress scores.",
    "Areas with the programme showed lower violence rates.",  # where it ran, compared
    "Rats given the drug showed lower anxiety.",
    "The drug showed higher affinity for the receptor.",  # what the body does with it, its use, its cost
    "Microdosing showed higher rates of use among men.",
    "Ketamine infusions showed higher costs than ECT.",
    "The drug was not withdrawn and lowered by half.",  # a second participle of one "was"
    "The drug was not found to reduce pain, and lowered doses were used later.",  # an adjective
    # ... and their honest ones
    "In this study, researchers moved gut bacteria from shy people into mice.",  # what the researchers did
    "This was done in mice, and results in mice often do not carry over to people.",  # "results", the noun
    "The researchers report that the software produced its measurements in under ten minutes.",  # a tool's output
    # a third review's probes of the rules as first mended: each passes
    "Researchers reduced the dose after two weeks.",  # what they set in their own study
    "Many counsellors who offer therapy work in schools.",  # people work
    "The drug showed higher levels in the blood when taken with food.",  # the drug in the body
    "Mice given ketamine showed fewer signs of stress.",  # who had it, compared
    "Ketamine did not improve mood, and lowered doses showed the same.",  # an adjective before its noun's verb
    "The analysis produced figures for each region.",  # an analysis's output
    "The online programme showed higher dropout than face-to-face therapy.",  # how it was used
    # ... and a fifth's: each passes
    "Researchers reduced the number of sessions.",  # a setting of their study
    "The programme showed higher levels of engagement.",  # its use
    "Digital therapy showed higher dropout from therapy than face-to-face care.",
    "The new tablet showed higher levels in breast milk than the old one.",  # the drug in the body
    "The drug showed higher levels in women than in men.",
    "Ketamine did not improve mood, and reduced doses had the same result.",
    "Mice newly given ketamine showed fewer signs of stress.",  # who had it, past an adverb
    "Rats (n = 8) given psilocybin showed lower anxiety.",
    "Therapists offering CBT, counselling and mindfulness work in three clinics.",  # a list's commas
    # ... and a sixth's: each passes
    "Researchers lowered the threshold for diagnosis.",
    "The trial produced figures for each outcome.",  # a study's figures
    "The app showed higher dropout among younger users.",  # how it was used, and by whom
])
def test_what_an_honest_summary_says_passes(text):
    assert checks(text) == set(), text


def test_no_word_list_of_the_rules_is_defined_twice():
    # a second, later definition of a name silently replaces the first for every rule that reads it
    tree = ast.parse(Path(claims.__file__).read_text(encoding="utf-8"))
    names = [t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
             for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)]
    names += [node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    assert sorted(n for n, k in collections.Counter(names).items() if k > 1) == []


def test_a_share_of_cases_is_an_object_and_a_number_alone_is_not(monkeypatch):
    # the rules alone (the reader neutral): what follows a number decides whether the verb has an object
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": 0.5)
    assert "causal_claim" in checks("Rhinovirus causes 30 to 50 percent of common colds.")
    assert checks("Walking distance improved 15 metres per week of training.") == set()
    assert checks("Symptoms improved 40 percent of the time with the spray.") == set()


def test_lower_before_a_noun_is_where_not_a_verb(monkeypatch):
    monkeypatch.setattr(claims_model, "VETO", 0.0)  # the rules alone: the reader doubts the sentence too
    assert checks("Right and left lower first molar teeth were extracted.") == set()
    assert "causal_claim" in checks("The new tablets lower blood pressure in older adults.")


def test_safe_in_a_comparison_is_no_absolute_claim_of_safety():
    assert "safety" not in checks("The new drops are as effective and safe as the old ones.")
    assert "safety" in checks("The new drops are effective and safe.")


def test_a_promise_of_the_future_is_left_to_hype_not_read_as_a_finding():
    # the labelling rules count a promise as hype, not as a claim stated as fact
    assert checks("This miracle app will end your insomnia.") == {"hype"}
    assert checks("Ketamine is a breakthrough that will cure depression.") == {"hype"}
    assert "causal_claim" in checks("The new patch transformed migraine care.")
    # ... but where nothing else is flagged, an effect in the future is a claim of what a treatment does
    assert checks("Removing the cyst will cause a scar.") == {"causal_claim"}
    assert checks("An ice pack will ease the swelling.") == {"causal_claim"}


def test_an_aim_to_chip_away_at_something_is_no_claim_of_cause():
    # (the advice reader, retrained with blind197-211, reads it as an order, which is its to judge)
    assert "causal_claim" not in checks("Try to chip away at the weight a little each week.")


def test_usually_safe_is_no_absolute_claim_and_gold_standard_care_no_hype():
    assert checks("Buddy taping is usually safe, but check the fingertips every few hours.") == set()
    assert checks("Trephination is typically harmless.") == set()
    assert checks("The rash is usually painless and harmless.") == set()
    assert "safety" in checks("Trephination is completely harmless.")
    assert checks("Fasciotomy is the gold standard treatment for compartment syndrome.") == set()
    assert checks("Radiofrequency is the gold standard in the management of facet joint pain.") == set()
    assert "hype" in checks("This webinar is the gold standard; no rival course comes close.")
    assert checks("The gold standard range is 37 to 39 degrees.") == set()  # a range of values


def test_the_same_words_as_verbs_are_still_claims():
    assert checks("Ketamine can free patients from years of pain.") == {"causal_claim"}
    assert checks("The new inhaler rescues people from an attack.") == {"causal_claim"}
    assert checks("In the cohort, the pill doubled survival.") == {"causal_claim"}


def test_a_headline_that_unlocks_a_secret_is_hype_and_a_claim_only_when_it_did_something():
    assert checks("Scientists unlock secret behind yawning.") == {"hype"}
    assert checks("Yoga unlocked the secret of calm for these nurses.") == {"causal_claim", "hype"}
    # the secret of how: the effect is taken as fact
    assert checks("Researchers unlocked the secret of how fasting shrinks fatty livers.") == {"causal_claim", "hype"}


def test_an_order_or_a_safety_claim_is_not_also_read_as_cause_and_effect():
    assert checks("Skip your eye drops the morning of the scan.") == {"advice"}  # "drops": the order's object
    assert checks("Get your son into a proper detox unit tomorrow.") == {"advice"}  # not "got him into": an order
    assert checks("Sort out your sleep before the trip.") == {"advice"}  # not "the cream sorted out my sleep"
    assert checks("The lotion causes zero side effects.") == {"safety"}  # none of an effect
    assert checks("The lotion cures verrucas in a week, say hundreds of online reviewers.") == {"hype"}  # their words
    assert checks("After banding, 140 patients (88%) were cured at one year.") == {"hype"}  # a count ("cured" is a hype word)


def test_why_people_had_a_treatment_is_no_claim_of_its_effect():
    # the reason for the operation, in a clause about who they were (the learned reader may still
    # read "stopped" as an effect: it reads words, not clauses)
    text = "Mothers who had caesareans because of breech babies stopped breastfeeding sooner."
    assert not any("because" in c.words for c in text_claims(text, DIGEST))
    assert [c.words for c in text_claims("Patients slept better because of the sessions.", DIGEST)] == ["because"]


def test_the_advice_reader_quotes_the_order_and_leaves_the_care_team_to_the_rules(monkeypatch):
    text = "Mums: tip that gripe water down the sink and try baby massage instead."
    assert claims_model.probability(text, "advice") >= claims_model.ADVICE
    assert [(c.words, c.start) for c in claims.advice_claims(text)] == [("tip that gripe water", 6)]
    # however sure it is, a sentence that names the care team is the rules' to read
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": 0.99)
    assert claims.advice_claims("Mention the splint at your next appointment with the physio.") == []
    assert claims.advice_claims("Run every step past whoever writes your prescription.") == []
    monkeypatch.setattr(claims_model, "ADVICE", 1.0)
    assert claims.advice_claims(text) == []


def test_the_hype_reader_quotes_a_word_of_its_pitch_and_leaves_denials_to_the_rules(monkeypatch):
    text = "Oat milk is the golden ticket to a calmer gut."
    hype = [c for c in text_claims(text, DIGEST) if c.check == "hype"]
    # one word of the pitch, where it stands (which of the two pushed the reader furthest is the model's to say)
    assert len(hype) == 1 and hype[0].words in {"golden", "ticket"} and text[hype[0].start:].startswith(hype[0].words)
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": 0.99 if label == "hype" else 0.5)
    assert claims.hype_claims("Oat milk isn't the golden ticket to a calmer gut.", Terms([])) == []
    monkeypatch.setattr(claims_model, "HYPE", 1.0)
    assert claims.hype_claims("Oat milk is the golden ticket to a calmer gut.", Terms([])) == []


def test_an_idiom_is_quoted_whole_and_once():
    assert [c.words for c in text_claims("The steroid cream did its job.", DIGEST)] == ["did its job"]
    # a word in capitals after a plural noun is no verb: the verb before it is quoted
    assert [c.words for c in text_claims("The amber filter softens LED glare at night.", DIGEST)] == ["softens LED glare"]


def test_the_reader_quotes_no_abbreviation_in_brackets(monkeypatch):
    # a word of effect in capitals inside brackets names something ("zoster-associated pain (ZAP)")
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": 0.99)
    text = "Secondary outcomes were recovery time and zoster-associated pain (ZAP) at three months."
    assert "ZAP" not in [c.words for c in claims.causal_claims(text)]


def test_a_name_then_a_verb_of_saying_is_a_report_but_research_is_not_a_name():
    assert claims.causal_claims("Priya reckons the drops cleared her eyes.") == []
    assert [c.words for c in claims.causal_claims("Research says exercise lifts mood.")] == ["lifts"]
    # a seller says what its product does, of nobody in particular: the claim stays
    assert checks("Boots says the cream cures eczema.") == {"causal_claim", "hype"}


def test_people_who_indicate_or_cite_give_their_own_view_but_data_that_indicate_a_finding():
    assert checks("Most of the carers indicated that the choir lifted their mood.") == set()
    assert checks("Nurses and support staff cited calmer evenings and fewer falls after the garden opened.") == set()
    assert checks("Several mothers also reflected that the classes eased their worries.") == set()
    # after what was measured in people, "indicated" states the study's finding
    assert "causal_claim" in checks("Scans from 30 veterans indicated that the drug repaired the damage.")
    assert "causal_claim" in checks("The ratings among couples indicated that the retreat healed their marriages.")
    # their view covers what they said, not what the authors add to it, nor people described by the word
    for claim in ("Patients indicated less craving, proving that ibogaine cures addiction.",
                  "Participants indicated high satisfaction, and psilocybin reduced depression scores by half.",
                  "Patients endorsed the treatment, which reduced their pain by half.",
                  "Participants voiced few complaints and the drug lowered their blood pressure.",
                  "Patients indicated for surgery improved after ketamine because it blocks pain signalling.",
                  "Veterans cited in the report improved because MDMA therapy healed their trauma."):
        assert "causal_claim" in checks(claim), claim
    assert checks("Most of the carers indicated that the choir lifted their mood and eased their worries.") == set()
    # past an aside, what they said is still theirs
    assert checks("Carers indicated in interviews that the choir lifted their mood.") == set()
    assert checks("Participants indicated, in their own words, that the sessions eased their worries.") == set()


def test_a_reason_the_review_gives_for_its_own_method_is_no_claim_of_cause():
    assert checks("Owing to marked heterogeneity, pooled estimates were not reported.") == set()
    assert checks("In summary, because of the variability of the included trials, firm conclusions cannot be drawn.") == set()
    assert checks("A pooled analysis was intended, but due to the small number of eligible studies, "
                  "results are described narratively.") == set()
    # a reason that is a treatment or an exposure stays a claim, after the same openings
    assert "causal_claim" in checks("In summary, because of the dance classes, residents fell less often.")
    assert "causal_claim" in checks("Due to the variability of daily heat, the workers drank more water.")
    # the reason is read in its own words, up to the comma: research words later in the clause excuse nothing
    for claim in ("In conclusion, due to ketamine, fewer patients in the trial were suicidal.",
                  "In sum, due to MDMA therapy, 67% of veterans no longer met PTSD criteria at the end of the trial.",
                  "Due to psilocybin, 80% of patients were in remission, and heterogeneity was low."):
        assert "causal_claim" in checks(claim), claim
    # ... but a treatment named as what the research studied is part of its reason
    assert checks("Due to the small number of trials of ketamine, firm conclusions cannot be drawn.") == set()


def test_what_people_reported_does_not_cover_the_conclusion_the_authors_draw_from_it():
    for claim in ("Patients reported less craving, proving that ibogaine cures addiction.",
                  "Patients reported less craving, which shows that ibogaine cures addiction.",
                  "Participants said they felt calmer, so the therapy works.",
                  "Couples reported feeling closer after the retreat, showing that MDMA heals relationships.",
                  "Participants reported that the sessions helped them, confirming that the therapy reduces anxiety."):
        assert "causal_claim" in checks(claim), claim
    # ... also after what was reported in the passive, and past an adverb
    for claim in ("No side effects were reported, so the drug cures acne.",
                  "Pain was reported less often, so the drug relieves pain.",
                  "Patients reported less craving, thereby proving that ibogaine cures addiction.",
                  "Patients said they slept better, so that proves the pills cure insomnia."):
        assert "causal_claim" in checks(claim), claim
    # "showing that" is the authors' own claim: a hedge before it does not reach it
    assert "causal_claim" in checks("These results suggest that ketamine may reduce craving, showing that it reduces relapse.")
    # what they said is still theirs, a hedge in the added clause still hedges, and a finding is no report
    assert checks("Participants reported that the sessions helped them, so that they kept coming.") == set()
    assert checks("Mothers said the classes eased their worries, which they valued.") == set()
    assert checks("These results suggest that ketamine may reduce craving, showing that it could help.") == set()
    assert checks("We found no difference between the groups, so the programme was stopped.") == set()


def test_a_report_ends_at_and_only_when_it_was_in_the_passive():
    assert checks("No rashes were reported and the ointment is completely safe.") == {"safety"}
    assert checks("No side effects were reported, so the drug is completely safe.") == {"safety"}
    assert checks("No treatment is so good that it is completely safe.") == set()  # a denial still
    assert checks("Nobody was harmed, so that means the drug is completely safe.") == {"safety"}
    assert checks("No cream is, so that you know, completely safe.") == set()  # an aside, not a conclusion
    for denial in ("No medicine is, therefore, entirely free of risk.", "No vaccine is, thus far, completely safe.",
                   "Nobody should assume, therefore, that ketamine is completely safe."):  # an aside is no conclusion
        assert checks(denial) == set(), denial
    assert checks("Mums said the drops were mild and they are completely safe.") == set()  # still theirs


def test_words_that_name_no_treatment_or_people_keep_their_usual_reading():
    assert "advice" in checks("Stop eating bread because your gut cannot digest gluten.")
    assert "causal_claim" in checks("Poverty affects age at first pregnancy.")


def test_a_safety_phrase_inside_a_longer_one_is_flagged_once():
    assert [(c.check, c.words) for c in text_claims("The ointment is totally harmless.", DIGEST)] == [
        ("safety", "totally harmless")]


def test_the_reader_keeps_a_claim_in_a_sentence_another_check_flagged():
    # the reader learned from sentences labelled safety or hype alone and reads this one as no claim:
    # on its own the rules' flag is taken back, beside a safety flag it stays
    text = "Chamomile drops for teething are safe for all toddlers and ease their sore gums."
    assert claims.causal_claims(text) == []
    assert [(c.check, c.words) for c in text_claims(text, DIGEST)] == [
        ("safety", "safe for all"), ("causal_claim", "ease their sore")]


def test_the_reader_leaves_what_gets_better_by_itself_and_a_case_as_it_presented(monkeypatch):
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": 0.95)
    assert claims.causal_claims("In most children the flat foot improves with age.") == []
    assert claims.causal_claims("The lump usually resolves without any treatment as the child grows.") == []
    assert claims.causal_claims("A 40-year-old woman presented with hives after her hair was dyed.") == []
    # ... but a treatment's doing is still quoted
    assert [c.words for c in claims.causal_claims("In most children the insole improves flat foot.")] != []


def test_what_is_denied_scheduled_or_hedged_is_no_safety_claim_cause_or_hype():
    assert checks("Ibogaine is nowhere near harmless.") == set()
    assert checks("Iboga is far from safe for heart patients.") == set()
    assert checks("Their study, which is due to be published next month, reports the results.") == set()
    assert checks("The scale might prove a useful tool in other studies.") == set()  # a hedged forecast of use
    assert checks("Serious side effects proved uncommon in the trials.") == set()  # what proved bad or rare
    assert "hype" in checks("The app could prove the mightiest leap in psychiatry.")  # a promise, however hedged
    assert "hype" not in checks("Utah couples who took the classes proved less prone to divorce.")  # no promise


def test_where_the_reader_is_all_but_sure_and_there_is_no_verb_of_effect_the_sentence_is_quoted(monkeypatch):
    text = "The allotment group drew my brother out of his shell after the divorce."
    assert claims_model.probability(text) >= claims_model.SURE
    # quoted by its opening words, where it starts
    assert [(c.words, c.start) for c in claims.causal_claims("It was a hard year. " + text)] == [
        ("The allotment group drew my brother out of his shell", 20)]
    # however sure the reader is, not where a word could take it back, nor where the rules read its
    # words of effect and passed them ("made its way")
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": 0.95)
    assert claims.causal_claims("Perhaps the allotment group drew my brother out of his shell.") == []
    assert claims.causal_claims("The robot made its way down the ward.") == []
    assert [c.words for c in claims.causal_claims("Perhaps. " + text)] == [" ".join(text.split()[:10])]
    # where it is CERTAIN, the words around them outweigh those ("not the tablets" takes nothing back,
    # nor a negation after the first clause), but never a hedge or a negation in the first clause,
    # a reason inside the sentence, or an effect denied
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": claims_model.CERTAIN)
    assert claims.causal_claims("Nothing drew my brother out of his shell.") == []
    assert claims.causal_claims("Apparently the group sessions drew my son out of his shell.") == []
    assert claims.causal_claims("The group sessions drew my daughter out of her shell, I think.") == []  # a hedge anywhere
    assert claims.causal_claims("In my opinion, the group sessions drew my daughter out of her shell.") == []
    assert claims.causal_claims("My daughter, not once in six months, came out of her shell.") == []  # "not once" denies
    assert claims.causal_claims("Mothers who had caesareans because of breech babies stopped breastfeeding sooner.") == []
    later = "One psilocybin session made my urge to smoke evaporate, and I haven't lit up in a year."
    assert [c.words for c in claims.causal_claims(later)] == [" ".join(later.split()[:10])]
    cleft = "It was the soaks, not the tablets, that did for the sores on her lip."
    assert [c.words for c in claims.causal_claims(cleft)] == [" ".join(cleft.split()[:10])]
    made = "Soaking my feet made the little blisters on my soles dry out."  # "made", passed by the rules
    assert [c.words for c in claims.causal_claims(made)] == [" ".join(made.split()[:10])]
    assert claims.causal_claims("The allotment group had no lasting effect on my brother after the divorce.") == []
    # nor where the rules read an opening "Since ..." as a time of life, not a treatment begun
    assert claims.causal_claims("Since my son started school, he has never slept through the night.") == []
    # and only that sure
    monkeypatch.setattr(claims_model, "SURE", 1.0)
    assert claims.causal_claims(text) == []


def test_evidence_graded_high_is_a_finding_and_graded_low_a_hedge(monkeypatch):
    # the rules' reading, the reader neutral: retrained with blind149-164, the reader is all but sure
    # "There is very high quality evidence that ..." states no claim and takes the rules' flag back
    # (docs/digest.md: a sentence the readers moved)
    monkeypatch.setattr(claims_model, "probability", lambda sentence, label="causal_claim": 0.5)
    assert [c.words for c in claims.causal_claims("There is very high quality evidence that hip protectors reduce fractures.")] \
        == ["reduce fractures"]
    assert claims.causal_claims("There is low quality evidence that acupuncture reduces pain.") == []


def test_a_superlative_is_flagged_once():
    flags = [c for c in text_claims("It is the greatest drug ever made.", DIGEST) if c.check == "hype"]
    assert [(c.words, c.start) for c in flags] == [("greatest", 10)]


def test_a_cause_and_effect_flag_says_what_to_write_whatever_the_cause_is():
    # the cause flagged is as often a germ or a habit as a treatment: the message names neither
    config = load_config(default_config_path()).digest
    for text, words in (("The virus causes warts on the hands.", "causes warts"),
                        ("The sessions reduced stress in couples.", "reduced stress")):
        flag = next(c for c in text_claims(text, config, study_causal=False) if c.check == "causal_claim")
        assert flag.message == (f"'{flag.words}' says one thing caused another; this kind of study cannot show "
                                "that: say 'was linked to' or 'was followed by'"), flag.message
        assert words.startswith(flag.words.split()[0])


def test_a_randomized_trial_may_claim_cause_and_effect_but_not_safety_or_advice():
    text = "Psilocybin reduced depression. It is completely safe, so every patient should try it."
    assert checks(text, causal_study=True) == {"safety", "advice"}
    assert "causal_claim" in checks(text)


def test_checks_are_linear_in_the_text():
    for blob in ("ketamine improves mood " * 20000, "is safe, completely safe " * 20000,
                 "not a miracle cure " * 20000, "significantly " * 40000 + "improves mood",
                 # shapes whose rules look back over the clause: each look is bounded
                 "Patients who " + "walked and got better and " * 8000, "it is beneficial and " * 12000,
                 "The room is safe and " + "it is safe and " * 12000, "The gel can reduce pain and " * 8000 + "it is not safe.",
                 # 120,000 words with no full stop: read as one clause, 11 s and more for each word more
                 "ketamine improves mood " * 40000):
        started = time.perf_counter()
        text_claims(blob, DIGEST)
        assert time.perf_counter() - started < 10, blob[:30]


def test_a_run_with_no_full_stop_is_read_in_pieces_cut_after_a_comma_where_there_is_one():
    from tracker.digest.claims import MAX_TOKENS, _WORD, sentences

    text = "It helps. The " + "scores were recorded weekly in notes, then " * 120 + "the visits improved sleep. Done."
    found = sentences(text)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in found)  # where each piece is
    assert "".join(piece for _, piece in found).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert all(len(_WORD.findall(piece)) <= MAX_TOKENS for _, piece in found)
    assert all(piece.endswith((",", ".")) for _, piece in found)
    assert found[0] == (0, "It helps.") and found[-1][1] == "Done."
    assert [c.words for c in text_claims(text, DIGEST) if c.check == "causal_claim"] == ["improved sleep"]


# -- the measurement ----------------------------------------------------------------------------------

DATA = Path(__file__).parent / "data" / "claims"
NAMES = ("causal_claim", "hype", "safety", "advice")
# The tuned sets were read to build or tune the rules and train the learned reader
# (tests/data/claims/README.md says when): on them the issue's targets hold. The blind sets were
# written blind and read once: their figures as first read are floors (docs/digest.md gives them all).
TUNED = ("sentences", "fresh", "dev", "blind", "blind2", "blind3", "blind4", "dev2", "blind5", "blind6", "blind7",
         "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind14", "blind15", "blind16",
         "blind17", "blind18", "blind19", "blind20")
# The sets read after their first reading (their errors read, the rules tuned and the learned readers
# trained on them), and the blind sets read once: their first readings and the floors each is held
# to, in floors.json beside them (docs/digest.md gives the first readings in a table).
FLOORS = json.loads((DATA / "floors.json").read_text(encoding="utf-8"))
READ, BLIND = ({name: {"causal_recall": f["floor"][0], "acceptable_flagged": f["floor"][1]} for name, f in FLOORS[kind].items()}
               for kind in ("read", "blind"))
# The sets the learned readers are trained on: the tuned and read ones, but a read set whose
# errors were read after the readers were last trained ('trained': false in floors.json); the
# next retraining takes it in (retraining moves a few flags on every set, so it is done once a round)
TRAINED = tuple(name for name in TUNED + tuple(READ) if FLOORS["read"].get(name, {}).get("trained", True))


def measure(path: Path) -> dict:
    """Per check: recall and precision (a causal claim on a randomized trial is allowed, so
    it counts as no label; recall is None where the set labels nothing for the check, as the
    sets of whole Results and Conclusions sections may not); and the share of sentences with no
    label that get any flag."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    got = {i["id"]: checks(i["text"], causal_study=i["study_type"] == "rct") for i in items}
    result = {}
    for name in NAMES:
        want = {i["id"] for i in items if i[name] and not (name == "causal_claim" and i["study_type"] == "rct")}
        flagged = {k for k, v in got.items() if name in v}
        result[name] = {"recall": len(want & flagged) / len(want) if want else None,
                        "precision": len(want & flagged) / len(flagged) if flagged else 1.0,
                        "labelled": len(want), "found": len(want & flagged)}
    acceptable = [i["id"] for i in items if not any(i[n] for n in NAMES)]
    result["acceptable_flagged"] = sum(bool(got[k]) for k in acceptable) / len(acceptable)
    result["acceptable"] = len(acceptable)
    return result


def test_every_labelled_set_is_tuned_read_or_blind_and_only_one():
    names = [*TUNED, *READ, *BLIND]
    assert len(names) == len(set(names))
    assert set(names) == {p.stem for p in DATA.glob("*.jsonl")}
    for f in [*FLOORS["read"].values(), *FLOORS["blind"].values()]:
        assert 0 < f["first"][0] <= 1 and 0 <= f["first"][1] < 1 and 0 < f["floor"][0] <= 1
    for f in FLOORS["blind"].values():  # a blind set is held to its first reading, no better
        assert f["floor"][0] <= f["first"][0] and f["floor"][1] >= f["first"][1]


def test_the_second_labels_line_up_with_their_sets_and_agree_as_the_docs_say():
    """The second labels (README: "A second labeller") line up with their sets, id for id, and
    agree with the first as docs/digest.md reports: on blind81-blind96 (shuffled sentences) 0.955
    of claims and 1.0% of acceptable sentences labelled; on the whole Results and Conclusions
    sections of blind220-blind233 0.947 and 1.4%. A relabelled or edited set that changes that
    must change the docs too."""
    agreement = {}  # the study -> (claims both call claims, the first's claims, acceptable labelled, acceptable)
    for path in sorted((DATA / "second").glob("*.jsonl")):
        items = [json.loads(line) for line in (DATA / path.name).read_text(encoding="utf-8").splitlines() if line.strip()]
        second = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert [i["id"] for i in items] == [j["id"] for j in second]
        study = "whole sections" if int(path.stem[len("blind"):]) >= 220 else "shuffled"
        both, first, labelled, acceptable = agreement.get(study, (0, 0, 0, 0))
        for i, j in zip(items, second):
            assert all(isinstance(j[name], bool) for name in NAMES)
            if i["causal_claim"] and i["study_type"] != "rct":
                first += 1
                both += j["causal_claim"]
            if not any(i[name] for name in NAMES):
                acceptable += 1
                labelled += any(j[name] for name in NAMES)
        agreement[study] = (both, first, labelled, acceptable)
    assert agreement == {"shuffled": (1344, 1407, 30, 3132), "whole sections": (306, 323, 27, 1947)}


@pytest.mark.parametrize("name", TUNED)
def test_on_the_sentences_the_rules_were_tuned_on_the_targets_are_met(name):
    m = measure(DATA / f"{name}.jsonl")
    assert m["causal_claim"]["recall"] >= 0.87  # each set; all of them together: the next test
    assert m["acceptable_flagged"] <= 0.02
    assert all(m[n]["recall"] >= 0.85 for n in ("hype", "safety", "advice"))


def test_on_all_the_tuned_sentences_together_nine_causal_claims_in_ten_are_flagged():
    found = labelled = 0
    for name in TUNED:
        m = measure(DATA / f"{name}.jsonl")
        found += m["causal_claim"]["found"]
        labelled += m["causal_claim"]["labelled"]
    assert found / labelled >= 0.9  # the issue's target


@pytest.mark.parametrize("name", sorted(READ))
def test_on_the_sets_read_after_their_first_reading_the_figures_stay_as_tuned(name):
    m = measure(DATA / f"{name}.jsonl")
    assert m["causal_claim"]["recall"] >= READ[name]["causal_recall"]
    assert m["acceptable_flagged"] <= READ[name]["acceptable_flagged"]


def test_the_learned_reader_was_trained_on_the_read_sets_and_not_on_the_blind_ones():
    assert claims_model.model().params["trained_on"] == sorted(TRAINED)
    assert not set(BLIND) & set(claims_model.model().params["trained_on"])


@pytest.mark.parametrize("label", sorted(claims_model.MODELS))
def test_the_shipped_models_are_what_the_read_sets_give(label):
    retrained = claims_model.train([DATA / f"{name}.jsonl" for name in TRAINED], label)
    shipped = claims_model.model(label)
    assert shipped.params["label"] == label and shipped.params["trained_on"] == sorted(TRAINED)
    assert retrained.idf.keys() == shipped.idf.keys()
    assert max(abs(retrained.idf[w] - shipped.idf[w]) for w in shipped.idf) < 1e-5  # stored to six places
    # liblinear stops at a tolerance of 1e-4: a stale file differs by far more (a changed label: 0.6)
    assert max(abs(retrained.weights[w] - shipped.weights[w]) for w in shipped.weights) < 5e-3
    assert abs(retrained.intercept - shipped.intercept) < 5e-3


def test_the_three_models_share_one_idf_table_and_refuse_one_from_other_sets(tmp_path, monkeypatch):
    assert claims_model._idf()["trained_on"] == sorted(TRAINED)
    assert claims_model.model("advice").idf is claims_model.model("hype").idf  # loaded once
    stale = json.loads(claims_model.MODELS["hype"].read_text(encoding="utf-8"))
    stale["params"]["trained_on"] = stale["params"]["trained_on"][:-1]
    (tmp_path / "hype_model.json").write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setitem(claims_model.MODELS, "hype", tmp_path / "hype_model.json")
    claims_model._load.cache_clear()
    try:
        with pytest.raises(ValueError, match="trained on different sets"):
            claims_model.model("hype")
    finally:
        claims_model._load.cache_clear()


def test_the_learned_reader_adds_what_the_rules_pass_and_keeps_hedges():
    claim = "After the couples' sessions, the arguments stopped and the sulking ended."
    assert claims_model.probability(claim) >= claims_model.THRESHOLD
    [flag] = [c for c in text_claims(claim, DIGEST) if c.check == "causal_claim"]
    # one of its verbs of effect, quoted where it stands
    assert flag.words in {"stopped", "ended"} and claim[flag.start:flag.start + len(flag.words)] == flag.words
    assert checks("After the couples' sessions, the arguments may have stopped.") == set()
    assert checks(claim, causal_study=True) == set()  # a randomized trial may say so
    # someone's declaration, as the rules read it: no flag from the reader either
    assert checks(claim[:-1] + ", my neighbour swears.") == set()
    # curly or straight apostrophes, the same words
    assert claims_model.probability(claim.replace("'", "’")) == claims_model.probability(claim)


def test_the_learned_reader_takes_back_a_flag_it_is_all_but_sure_of_in_a_long_sentence_only(monkeypatch):
    methods = "Methods: Disagreements between the two reviewers were resolved by discussion with a third author."
    assert claims_model.probability(methods) < claims_model.VETO
    assert checks(methods) == set()
    with monkeypatch.context() as m:
        m.setattr(claims_model, "VETO", 0.0)  # the rules alone read "resolved by" as a cause
        assert checks(methods) == {"causal_claim"}
    # an editor's own causal_words are flagged whatever the reader thinks
    configured = DIGEST.model_copy(update={"causal_words": ["resolved by"]})
    assert [c.words for c in text_claims(methods, configured) if c.check == "causal_claim"] == ["resolved by"]
    # a short sentence gives the reader too few words to overrule the rules
    short = "Disagreements were resolved by discussion."
    assert claims_model.probability(short) < claims_model.VETO and checks(short) == {"causal_claim"}
    # in a long sentence, the words around a flag are read too: see the test of a run with no full stop


def test_a_learned_flag_quotes_a_word_where_it_stands_never_a_number():
    text = "Scores were lower.\n  In 2000, 40,000 teenage smokers joined the hypnotherapy programme."
    sentence = text.split("\n", 1)[1].strip()
    word, at = claims_model.strongest_word(sentence, claims._verb_of_effect)  # as causal_claims asks
    assert sentence[at:at + len(word)] == word and not word[0].isdigit()
    for flag in text_claims(text, DIGEST):
        assert text[flag.start:flag.start + len(flag.words)] == flag.words


@pytest.mark.parametrize("name", sorted(BLIND))
def test_on_the_blind_sets_the_figures_stay_at_least_as_first_read(name):
    m = measure(DATA / f"{name}.jsonl")
    assert m["causal_claim"]["recall"] >= BLIND[name]["causal_recall"]
    assert m["acceptable_flagged"] <= BLIND[name]["acceptable_flagged"]


# -- tracker digest lint ------------------------------------------------------------------------------

DRAFT = ("Ketamine heals marriages.\n"
         "The study does not show that ketamine helps.\n"
         "Every couple should try it. It is completely safe.\n")


def test_lint_prints_one_line_a_flag_like_a_linter_and_exits_1(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["digest", "lint", str(draft)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{draft}:1:10: causal_claim: 'heals marriages'")
    assert any(line.startswith(f"{draft}:3:1: advice:") for line in lines)
    assert any(line.startswith(f"{draft}:3:35: safety: 'completely safe'") for line in lines)
    assert not any(":2:" in line for line in lines)  # the negated line passes


def test_lint_names_text_the_digest_would_drop_as_markup_where_it_starts():
    draft = ("Scores fell in people who began <moderate,\nbut not in those who began >severe.\n"
             "The difference was p < 0.05 in 3 <5 year olds.\n")
    result = CliRunner().invoke(cli, ["digest", "lint", "--json", "--study-type", "randomized_trial", "-"], input=draft)
    flags = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [(f["line"], f["column"], f["check"], f["words"]) for f in flags] == [
        (1, 33, "markup", "<moderate, but not in those who began >")]
    assert "write 'under' or 'less than' for <" in flags[0]["message"]


def test_lint_json_from_standard_input_and_the_study_type():
    result = CliRunner().invoke(cli, ["digest", "lint", "--json", "-"], input=DRAFT)
    flags = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {tuple(sorted(f)) for f in flags} == {("check", "column", "line", "message", "words")}
    assert [(f["line"], f["column"], f["check"], f["words"]) for f in flags][:1] == [(1, 10, "causal_claim", "heals marriages")]
    trial = CliRunner().invoke(cli, ["digest", "lint", "--json", "--study-type", "randomized_trial", "-"],
                               input="The pill cut pain in the trial.\n")
    assert trial.exit_code == 0 and json.loads(trial.stdout) == []


def test_lint_usage_errors_exit_2(tmp_path):
    assert CliRunner().invoke(cli, ["digest", "lint", "--study-type", "astrology", "-"], input="x").exit_code == 2
    assert CliRunner().invoke(cli, ["digest", "lint", str(tmp_path / "missing.txt")]).exit_code == 2
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Ketamine helps.\nThe caf\xe9 cures all".encode("latin-1"))
    result = CliRunner().invoke(cli, ["digest", "lint", str(bad)])
    # where, as the flags are placed (it said "byte 20", counted from 0)
    assert result.exit_code == 2 and f"{bad}:2:8: not UTF-8 text; save it as UTF-8" in result.output


def test_lint_checks_thousands_of_sentences_in_seconds():
    body = "".join(f"In study {n}, couples who took part said the sessions helped. Scores fell after treatment.\n"
                   for n in range(3000))
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["digest", "lint", "--json", "-"], input=body)
    assert time.perf_counter() - started < 20
    assert result.exit_code in (0, 1) and isinstance(json.loads(result.stdout), list)


def test_lint_reads_a_summary_file_as_tracker_digest_check_reads_its_fields(tmp_path):
    """A lay-summary file (tracker edit's template, approve --summary) was read line by line as
    prose: "key_takeaway: Every couple should try ketamine." passed, since the key came first,
    while `digest check` then blocked the edition; and the template's comments were checked too."""
    from tracker.review import summary_template

    fields = {"headline": "Couples and ketamine", "dek": "A small study of eight couples.",
              "summary": "Eight couples had sessions.\nAnxiety fell.", "key_takeaway": "Every couple should try ketamine.",
              "what_it_means": "", "caveats": "There was no group to compare with."}
    draft = tmp_path / "summary.yaml"
    draft.write_text(summary_template(fields), encoding="utf-8")
    lines = draft.read_text(encoding="utf-8").split("\n")
    row = next(n for n, line in enumerate(lines, start=1) if "Every couple" in line)
    flags = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", str(draft)]).stdout)
    assert lines[0].startswith("#") and "nothing the study" in lines[0] + lines[1]  # comments that read like claims
    assert [(f["line"], f["column"], f["check"], f["words"]) for f in flags if f["check"] != "reading_grade"] == \
        [(row, lines[row - 1].index("Every") + 1, "advice", "Every couple should try ketamine")]
    from tracker.digest.checks import reading_grade

    long_headline = {**fields, "headline": "Multidimensional psychopharmacological considerations regarding "
                                          "esketamine-facilitated interpersonal psychotherapeutic interventions"}
    draft.write_text(summary_template(long_headline), encoding="utf-8")
    graded = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", str(draft)]).stdout)
    assert reading_grade(long_headline) <= DIGEST.reading_grade_target  # digest check grades the prose fields
    assert not any(f["check"] == "reading_grade" for f in graded)  # and so does lint, not the headline

    inline = tmp_path / "inline.yaml"  # a summary file written by hand, each field on its key's line
    inline.write_text("# Draft 2. The tabloid headline was: Ketamine heals marriages.\n"
                      "headline: Couples and ketamine\n"
                      "key_takeaway: This is an early study; don't try this at home.\n", encoding="utf-8")
    flags = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", str(inline)]).stdout)
    assert [(f["line"], f["column"], f["check"]) for f in flags if f["check"] != "reading_grade"] == [(3, 45, "advice")]

    prose = tmp_path / "notes.txt"  # no field's key at the start of a line: prose, comments and all
    prose.write_text("# Every couple should try ketamine.\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["digest", "lint", str(prose)]).exit_code == 1


def test_lint_numbers_lines_as_text_editors_do():
    """Only a line feed ends a line: a form feed, U+0085 or U+2028 inside a line does not (str's
    splitlines would count them, and every later flag would point at the wrong line)."""
    draft = "Fine line.\u2028Still line one.\f\x85 Also line one.\r\nKetamine heals marriages.\n"
    flags = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", "-"], input=draft).stdout)
    assert [(f["line"], f["column"], f["check"]) for f in flags] == [(2, 10, "causal_claim")]


def test_lint_reads_a_sentence_wrapped_onto_the_next_line_whole():
    """A draft wrapped at 72 columns (as editors' text editors and digest.txt wrap) linted clean,
    line by line, while digest check flagged the same text saved as a summary: a line that does not
    end a sentence goes on with the next when that one starts with a small letter; each flag still
    names the line and column its words start at."""
    draft = ("Eight couples took part. It is completely\n"
             "safe, the team says.\n"
             "Ketamine\n"
             "  cures depression.\n"
             "Sleep improved\n"
             "Ketamine heals marriages.\n")
    flags = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", "-"], input=draft).stdout)
    assert [(f["line"], f["column"], f["check"], f["words"]) for f in flags if f["check"] != "hype"] == [
        (1, 32, "safety", "completely safe"), (4, 3, "causal_claim", "cures depression"),
        (6, 10, "causal_claim", "heals marriages")]
    # one sentence a line, each with a capital, stays one sentence a line
    lines = "Ketamine may ease low mood\nKetamine heals marriages\n"
    flags = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", "-"], input=lines).stdout)
    assert [(f["line"], f["check"]) for f in flags if f["check"] != "hype"] == [(2, "causal_claim")]
    # the words quoted carry no line's trailing white space
    flags = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", "-"], input="It is completely\t\nsafe.\n").stdout)
    assert [(f["line"], f["column"], f["words"]) for f in flags] == [(1, 7, "completely safe")]
    # in a lay-summary file, a field's lines are one text, as digest check reads them, capitals or not
    summary = ("headline: Couples and MDMA\nsummary: |\n  This may mean that\n  MDMA is completely safe for some.\n"
               "  Ketamine heals\n  marriages.\n# a note to self\nkey_takeaway: Every couple should try ketamine.\n")
    flags = json.loads(CliRunner().invoke(cli, ["digest", "lint", "--json", "-"], input=summary).stdout)
    assert [(f["line"], f["column"], f["check"]) for f in flags if f["check"] not in {"hype", "reading_grade"}] == [
        (5, 12, "causal_claim"), (8, 15, "advice")]
