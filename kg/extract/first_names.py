"""First names and the pronoun a report would use for them, so that "she said" does not go to a man.

Only a hint: an honorific in the text (Ms, Mr, Sir) or a role word (spokeswoman) overrides it, and a
name that is not listed, or is used for both, gives no gender. The lists hold common first names of
British, French and European public life and of the countries people crossing the Channel come from.
"""

from __future__ import annotations

import unicodedata

FEMALE = set("""
abigail ada adele anais adriana agnes aisha alana alexandra alice alicia alison amal amanda amber amelia amina
amy ana anastasia andrea angela angelina angie anita ann anna anne annette annie antoinette arlene audrey ayesha
barbara beatrice becky belinda bella beth bethany betty beverley bianca brenda bridget brigitte bronwen caitlin
camille camilla candice carla carmen carol caroline carolyn catherine cathy cecile cecilia celine charlotte chloe
christine claire clara clare claudia colette constance cressida cynthia daisy dana danielle deborah debbie
delphine denise diana diane donna dora doreen dorothy edith edwina elaine eleanor elena elisabeth
eliza elizabeth ella ellen ellie eloise elsa emilie emily emma esther eugenie eve evelyn fatima fatma felicity
fiona florence frances francesca francoise gabriela gabrielle gemma georgia geraldine gillian gina giorgia
gisele grace hajar hana hannah harriet hayley heather heidi helen helena helene hilary holly hortense ida
imogen ines ingrid irene isabel isabella isabelle jackie jacqueline jade jane janet janice jasmine jeanne
jenny jennifer jess jessica jill jo joan joanna jocelyne josephine joy joyce jude judith judy julia julie juliet
justine karen kate katherine kathleen kathryn katie katy kay kelly kemi kerry khadija kirsty kristina laila
lara laura lauren layla leah leila lesley liliane lily linda lindsay lisa liz lois lorna louise lucie lucy
luisa lydia lynn madeleine magali maggie margaret maria marianne marie marine marion marjorie martha martine mary
maryam matilda maya megan melanie meloni michelle mildred miriam molly monica monique muriel myriam nadia
nadine nancy naomi natalie natasha nathalie nicola nicole nina noor nora olga olivia pamela patricia paula
pauline penelope penny petra philippa pippa polly priti priya rachel rachael rebecca rekha rena rita roberta
rosa rosalind rose rosemary rosie ruth sabine sabrina  salma samantha sandra sara sarah segolene
shabana sharon sheila shirley siobhan sofia sonia sophie stella stephanie susan suella suzanne sylvie tamara
tanya teresa theresa tina tracy ursula valerie vanessa vera veronica victoria violet virginie wendy yasmin
yolande yvette yvonne zainab zara zoe zohra
""".split())

MALE = set("""
aaron abdul abdullah abu adam adrian ahmad ahmed alan alastair albert  alexander alexandre alexis ali
alistair amir andre andreas andrew andy angus anthony antoine antonio arnaud arthur barry ben benjamin
benoit bernard bertrand bill bob boris brendan brian bruce bruno callum calvin carl cedric charles charlie
chris camille christian christophe christopher clive colin conor craig damian damien daniel danny darren dave david
dean declan dennis derek didier dominic donald douglas duncan dylan eamonn ed eddie edouard edward elliot
emmanuel enver eric ethan euan farid fergus florian francis francois frank fraser fred frederic gabriel
gareth gary gavin geoffrey george gerald gerard gilles glenn gordon graham grant greg gregory guy hamid hamza
harry hassan henri henry hugh hugo iain ian idris isaac ivan jack jacob jacques jake james jamie jason javier
 jeff jeremy jerome jim jimmy joe joel john jon jonathan jordan jose joseph josh joshua jude julian julien
justin kamal karim keir keith ken kenneth kevin khalid kieran kwasi laurent lee leo leon liam lionel louis
luc lucas luke malcolm marc marcel mark martin matt matthew maurice max michael michel mike mohamed
mohammad mohammed muhammad murray mustafa nathan neil nicholas nick nicolas nigel noel oliver olivier omar
oscar owen pascal patrick paul peter phil philip philippe pierre rahul ralph raymond reza richard rishi rob
robert rodney roger ronald rory ross roy russell ryan sadiq salim samuel scott sean sebastien
sergei shaun simon stephen steve steven stewart stuart sunil tariq ted terry thierry thomas tim timothy
toby tom tommy tony tristan vincent wes will william xavier yann yannick yusuf yves zac zia zack
""".split())


# first parts of hyphenated (French) first names that give the whole name a gender although, alone, the
# word is no listed name or is used for both: "Jean" is an English woman's name, "Jean-Luc" a man's
COMPOUND_FIRST_PARTS = {"jean": "m"}


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).lower()


def is_first_name(name: str) -> bool:
    """A listed first name, of either gender: "Jude Law" is a person, "Bindmans Law" a firm."""
    first = _plain(name.strip(".,")).split("-")[0]  # a hyphenated name by its first part: Anne-Marie, Jean-Luc
    return first in FEMALE | MALE or first in COMPOUND_FIRST_PARTS  # ("Jean" alone too: a name, of no one gender)


def first_name_gender(name: str) -> str | None:
    """'f' or 'm' for a listed first name, else None.

    >>> first_name_gender("Yvette"), first_name_gender("Laurent"), first_name_gender("Nuñez")
    ('f', 'm', None)
    >>> first_name_gender("Anne-Marie"), first_name_gender("Jean-Luc"), first_name_gender("Jean")
    ('f', 'm', None)
    """
    key = _plain(name.strip(".,"))
    if "-" in key:  # a hyphenated first name has the gender of its first part: Anne-Marie, Jean-Luc, Marie-Pierre
        first = key.split("-")[0]
        return COMPOUND_FIRST_PARTS.get(first) or first_name_gender(first)
    if key in FEMALE and key not in MALE:
        return "f"
    if key in MALE and key not in FEMALE:
        return "m"
    return None
