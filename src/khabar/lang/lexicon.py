"""The words and phrases that tell what a block is, in Arabic and English.

Everything here is matched against `normalize`d text (alef forms folded, ة→ه, ى→ي,
no tashkeel, lower case), so each phrase is written once in that folded spelling.
"""

from __future__ import annotations

import re

from khabar.lang import gazetteer
from khabar.lang.calendar import calendar_words
from khabar.lang.normalize import normalize
from khabar.model import Label

# The words that lead into an author's name: «بقلم فلان», «كتب: فلان», "By X". The labeller
# reads a line that starts with one as a byline; the article's author is what follows.
BYLINE_LEADS = ("بقلم", "كتب", "كتبت", "كتبه", "إعداد", "اعداد", "أعد التقرير", "اعد التقرير", "تقرير", "تحرير",
                "المحرر", "مراسل", "مراسلة", "by", "written by", "reporting by")  # fmt: skip


def _fold(words: str) -> frozenset[str]:
    """A word list in the folded spelling that `normalize` produces."""
    return frozenset(normalize(w) for w in words.split())


# Whole-block patterns. Each is tried on short blocks only (see label.py), anchored at the
# start, so a paragraph that merely mentions "share" is never taken for a share button.
_PATTERNS: dict[Label, list[str]] = {
    Label.RELATED_HEADING: [
        r"(مواضيع|اخبار|مقالات|موضوعات|قصص|فيديوهات|فيديو|صور|مقاطع|تقارير)? ?(ذات صله|متعلقه|مرتبطه|مشابهه)",
        r"(اقرا|اقراوا|اقرئي|طالع|شاهد|تابع) (ايضا|كذلك|المزيد)",
        r"(ايضا|المزيد) (من|في) ",
        r"قد (يعجبك|يهمك|تهمك)",
        r"(يهمك|ننصحك|اخترنا لك|لا تفوتك|لا يفوتك|الاكثر (قراءه|مشاهده|تداولا|تعليقا)|اخر الاخبار|احدث الاخبار|اخبار اخرى)",
        r"(related|read (also|more)|see also|more (from|on|stories)|you (may|might) (also )?like|"
        r"recommended|most (read|popular|viewed)|trending|latest (news|stories)|top stories)",
    ],
    Label.SOCIAL: [
        r"(تابعونا|تابعنا|تابعوا|تابع) ",
        r"(تابعونا|تابعنا)$",
        r"(اشترك|اشتركوا|انضم|انضموا) (في|الى|معنا|بقناتنا|لقناتنا)",
        r"(حمل|حملوا|نزل) (تطبيق|التطبيق)",
        r"(للمزيد من الاخبار|لمتابعه صفحتنا|لمتابعتنا|لمتابعه اخر الاخبار) .{0,40}(اضغط|انقر|هنا)",
        r"(follow|join us|subscribe|sign up for|get the app|download (our|the) app)\b",
        r"(فيسبوك|فيس بوك|تويتر|انستغرام|انستجرام|يوتيوب|تيليجرام|تلغرام|واتساب|تيك توك|لينكدان|"
        r"facebook|twitter|instagram|youtube|telegram|whatsapp|tiktok|linkedin|x)( \| |$)",
    ],
    Label.SHARE: [
        r"(شارك|شاركوا|مشاركه|انشر|ارسل|طباعه|حفظ|نسخ الرابط|انسخ الرابط)( |$)",
        r"(share|tweet|print|email|copy link|save)( |$)",
        # WordPress share buttons, Arabic localisation: "انقر للمشاركة على فيسبوك (فتح في نافذة جديدة)"
        r"(انقر|اضغط|اضغطي) (للمشاركه|لتشارك|لمشاركه|للطباعه|لارسال|للارسال|لمشاركة|لتحميل)",
        r".{0,60}\(فتح في نافذه جديده\)$",
        r"(معجب بهذه|اعجاب تحميل|like this|likes? loading)",
    ],
    Label.PLACEHOLDER: [
        r"(spot_img|td_img|img|image|photo|video|loading|please wait)+$",
        r"(جار التحميل|جاري التحميل|يتم التحميل|صوره|فيديو|تحميل)\.*$",
        r"\[(image|img|صوره|فيديو|video)[^\]]*\]$",
        # page chrome that stands where content will load
        r"(انت تستخدم (اصدار|متصفح|مستعرض)|يرجي تفعيل|الرجاء تفعيل|you are using an? (old|outdated)|"
        r"please enable javascript|javascript is (disabled|required)|شكرا (علي|لك علي) (الابلاغ|تقييمك|مشاركتك))",
    ],
    Label.COMMENT: [
        r"(اترك|اضف|اكتب|ارسل) (تعليق|تعليقا|تعليقك|ردا)",
        r"(التعليقات|تعليقات|لا توجد تعليقات|عدد التعليقات|تعليقات القراء|\d+ تعليق)",
        r"(comments?|leave a (comment|reply)|add (a )?comment|\d+ comments?)( |$)",
        r"هذا الموقع يستخدم akismet",  # WordPress, Arabic localisation
        r"(شروط التعليق|قواعد التعليق|سياسه التعليق|اضافه تعليق|الغاء الرد|please enter your (comment|name))",
        r"هل لديك راي اخر",
    ],
    Label.FOOTER: [
        r".{0,40}(جميع الحقوق محفوظه|كافه الحقوق محفوظه|الحقوق محفوظه|حقوق النشر|all rights reserved)",
        r"(©|copyright|\(c\))",
        r"(سياسه الخصوصيه|شروط الاستخدام|اتصل بنا|من نحن|اعلن معنا|privacy policy|terms of (use|service)|"
        r"contact us|about us|advertise with us|cookie)",
    ],
    Label.AD: [
        r"(اعلان|اعلانات|محتوى مدعوم|محتوي مدعوم|مساحه اعلانيه|advertisement|advertising|sponsored|ads by|ad)$",
    ],
    Label.TAG: [
        r"(الكلمات المفتاحيه|كلمات مفتاحيه|الوسوم|وسوم|كلمات دالله|كلمات داله|المواضيع|tags|keywords|topics)\s*:",
    ],
    Label.NAV: [
        r"((الرئيسيه|الصفحه الرئيسيه|home|menu|القائمه|التالي|السابق|next|previous|prev|more|المزيد|"
        r"عرض الكل|عرض المزيد|view all|load more|show more|search|بحث|اغلاق|close)\W*){1,3}$",
        r".{1,30} (»|›|>|/) .{1,30}(( (»|›|>|/) .{1,30})*)$",
        r"(الرئيسيه|home) ?(»|›|>|/|\||-)",  # a breadcrumb, even when it ends in the headline
        r"(الرئيسيه|home)( \w+){1,4}$",
        r"(حجم (النص|الخط)|تكبير الخط|تصغير الخط|font size|text size)",
        r"(تخطي|تخطى|تجاوز|اذهب الي|انتقل الي|skip|jump) ",  # "skip to content" links
    ],
    Label.BYLINE: [
        rf"({'|'.join(BYLINE_LEADS)})\s*[:：\-–ـ]?\s*\S",
        r"(author|role|authors|byline|reporter|editor)\s*[,:]\s*\S",  # "Author, X" "Role, BBC News"
    ],
    Label.CAPTION: [
        r"(صوره|الصوره|صور|تصوير|مصدر الصوره|photo|image|credit|getty|afp|رويترز|ا ف ب)\s*[:：/\-–(]",
        r"\((صوره|ارشيفيه|ارشيف|getty|afp|reuters|ap|رويترز|ا ف ب|فرانس برس)[^)]*\)$",
        r"\([^()]{0,60}(getty images|images for|ap photo|afp photo|reuters photo|/getty|/afp|/reuters)[^()]{0,40}\)$",
    ],
}

# They are matched against a block's normalized text (features.block_norm), which is in lower
# case already, and are written in lower case: without re.IGNORECASE a match call costs
# half as much (a third of a millisecond a page).
PATTERNS: list[tuple[Label, re.Pattern[str]]] = [
    (label, re.compile(r"^\W*(?:" + normalize("|".join(alts), lower=False) + ")")) for label, alts in _PATTERNS.items()
]
# All of them in one expression: one match call rules out most blocks.
ANY_PATTERN = re.compile(
    r"^\W*(?:" + "|".join(normalize("|".join(alts), lower=False) for alts in _PATTERNS.values()) + ")"
)

# Section names: a short line made of these is a section label, not a headline.
SECTION_WORDS = frozenset(normalize(w) for w in gazetteer.SECTION_WORDS)

# Truncation marks that end a teaser excerpt.
ELLIPSIS = re.compile(r"(\.\.\.|…|\.\. ?\.|\[\.\.\.\]|\[…\])\s*[\"'»”)]*\s*$")

# Sentence-final punctuation: prose ends with it, headlines and menu items rarely do (with
# Chinese and Japanese full stops and closing quotes: 。！？」』).
SENTENCE_END = re.compile(r"[.!?؟۔:؛\"'»”)\]。！？」』]\s*$")

# Words that say a line is a date or time: the calendar's names (month names in every Arab
# system, Hijri months, weekdays, relative days; `calendar.py` holds them) and the words
# datelines put around them ("updated", "published", times of day).
DATE_WORDS = calendar_words() | _fold(
    """
    هـ ه م ص مساء صباحا ساعه ساعات ساعتين دقيقه دقائق يوم ايام منذ قبل
    نشر في بتاريخ تاريخ اخر تحديث تم التحديث محدث محدثة النشر نشره تم
    published updated posted on at am pm gmt utc ago hours minutes
    """
)

# A byline keyword alone on its line; the author's name follows on the next.
BYLINE_WORDS = _fold(
    " ".join(w for w in BYLINE_LEADS if " " not in w and w not in ("تقرير", "مراسل", "مراسلة", "المحرر"))
)
