using System.Globalization;
using TuneBot.Bot.Ports;
using TuneBot.Bot.State;

namespace TuneBot.Bot.Localization;

/// <summary>
/// Every user-facing string of the bot and the console, in English and Korean. Texts are HTML for Telegram's
/// HTML parse mode; parameters that come from users or the catalog are escaped by the caller. Choose with
/// <see cref="For"/> from the user's language_code ("ko…" → Korean, anything else → English).
/// </summary>
public sealed class Strings
{
    public required string Code { get; init; }
    public required string Start { get; init; }
    /// <summary>Answer to a bare greeting ("hi", "안녕"): a hello, then what to send.</summary>
    public required string Hello { get; init; }
    /// <summary>Answer to a message with no feeling in it ("ok", "thanks", "lol", "ㅇㅋ"): no playlist, what to send instead.</summary>
    public required string NoFeeling { get; init; }
    public required string Help { get; init; }
    public required string MenuStart { get; init; }
    public required string MenuHelp { get; init; }
    public required string MenuMood { get; init; }
    public required string MenuMap { get; init; }
    public required string MenuSimilar { get; init; }
    public required string MenuForget { get; init; }
    public required Func<long, string> TooLarge { get; init; }
    public required string NotAudioDocument { get; init; }
    public required string DownloadFailed { get; init; }
    public required string UnsupportedMessage { get; init; }
    public required string NotAudio { get; init; }
    public required string CorruptAudio { get; init; }
    public required string TooShort { get; init; }
    public required string Silent { get; init; }
    public required string EmptyCatalog { get; init; }
    public required string NotReady { get; init; }
    public required string NotFound { get; init; }
    public required string Unavailable { get; init; }
    public required string DatabaseDown { get; init; }
    public required string Apology { get; init; }
    public required string PickTheme { get; init; }
    /// <summary>Above the themes when music was asked for with no mood ("recommend me a song").</summary>
    public required string PickThemeOrFeeling { get; init; }
    public required Func<string, string> YouSound { get; init; }
    public required Func<string, string> YouFeel { get; init; }
    public required string CannotTell { get; init; }
    public required string NotRight { get; init; }
    public required string Noted { get; init; }
    public required string LiftMood { get; init; }
    /// <summary>Above a "lift my mood" playlist: names the mood it starts from, so the reply says which mood it used.</summary>
    public required Func<string, string> LiftingFrom { get; init; }
    public required string MoreLikeThis { get; init; }
    public required string MapButton { get; init; }
    public required Func<string, string> MatchedAt { get; init; }
    /// <summary>Where a track of a "not found" playlist comes closest to the clip (it is not the clip's song).</summary>
    public required Func<string, string> ClosestAt { get; init; }
    /// <summary>Names the recognised song (HTML, already escaped) and where the clip matched it, above the tracks like it.</summary>
    public required Func<string, string, string> Recognised { get; init; }
    public required string NoCloseMatch { get; init; }
    public required string MapCaption { get; init; }
    public required string SimilarUsage { get; init; }
    public required Func<string, string> NoTrackFound { get; init; }
    public required string WhichTrack { get; init; }
    public required Func<string, string> LikeTrack { get; init; }
    /// <summary>Rows deleted, and the hours the /forget's own exactly-once record is kept (Inbox:DoneRetentionHours).</summary>
    public required Func<int, double, string> Forgotten { get; init; }
    public required string AdminOnly { get; init; }
    public required Func<BotStats, string> Stats { get; init; }
    public required string ButtonExpired { get; init; }
    public required string ConsoleWelcome { get; init; }
    public required string ConsoleButtonsHint { get; init; }
    public required Func<string, string> ConsoleFileNotFound { get; init; }
    public required IReadOnlyDictionary<string, string> EmotionNames { get; init; }

    /// <summary>The user-facing name of an emotion label (falls back to the label itself).</summary>
    public string Emotion(string label) => EmotionNames.TryGetValue(label, out var name) ? name : label;

    /// <summary>The message for a typed failure from the music or emotion side.</summary>
    public string For(AdviceFailure failure) => failure switch
    {
        AdviceFailure.NotAudio => NotAudio,
        AdviceFailure.CorruptAudio => CorruptAudio,
        AdviceFailure.TooShort => TooShort,
        AdviceFailure.Silent => Silent,
        AdviceFailure.EmptyCatalog => EmptyCatalog,
        AdviceFailure.NotReady => NotReady,
        AdviceFailure.NotFound => NotFound,
        _ => Unavailable,
    };

    /// <summary>Strings for a Telegram language_code: Korean for "ko"/"ko-KR", English otherwise.</summary>
    public static Strings For(string? languageCode) =>
        languageCode is not null && languageCode.StartsWith("ko", StringComparison.OrdinalIgnoreCase) ? Korean : English;

    /// <summary>m:ss, the way track lengths are written in playlists.</summary>
    public static string MinutesSeconds(double seconds)
    {
        var total = (int)Math.Round(Math.Max(0, seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{total / 60}:{total % 60:00}");
    }

    public static readonly Strings English = new()
    {
        Code = "en",
        Start = "🎵 <b>TuneBot</b> finds music by how it sounds and by how you feel.\n" +
                "Record a song that is playing as a voice note, or tell me how you feel.\n\n" +
                "<i>Example:</i> record 10 s of a chorus, or write “I'm nervous about tomorrow”.",
        Hello = "Hi! 👋 Record 10 s of a song that is playing as a voice note, and I'll find songs that sound like it. " +
                "Or tell me how you feel, e.g. “I'm nervous about tomorrow”.",
        NoFeeling = "👍 Whenever you're ready: tell me how you feel (“I'm a bit down today”) and I'll find music for it, or send a voice note of a song.",
        Help = "<b>What I understand</b>\n" +
               "🎙 a voice note, audio file or round video (≤ 20 MB) → tracks that sound like it\n" +
               "💬 a sentence about how you feel → a playlist for your mood\n" +
               "/mood — pick a theme\n/similar <i>title</i> — tracks like a catalog song\n/map — the catalog map\n" +
               "/forget — delete everything I kept about this chat\n/help — this text",
        MenuStart = "What TuneBot does",
        MenuHelp = "Everything I understand",
        MenuMood = "Pick a theme",
        MenuMap = "The catalog map",
        MenuSimilar = "Tracks like a song: /similar title",
        MenuForget = "Delete what I kept about you",
        TooLarge = mb => $"That file is larger than {mb} MB, so Telegram won't let me download it. A 10–30 s clip is plenty — please send a shorter one.",
        NotAudioDocument = "That file isn't audio. Send a voice note, an audio file or a round video.",
        DownloadFailed = "I couldn't download that file — please send it again.",
        UnsupportedMessage = "I understand voice notes, audio files, round videos and text. Try /help.",
        NotAudio = "I couldn't find any sound in that file. Send a voice note or an audio file.",
        CorruptAudio = "I couldn't read that audio — the file seems damaged. Could you record it again?",
        TooShort = "That clip is too short for me to recognise anything. Please send at least a few seconds.",
        Silent = "I only hear silence in that clip. Hold the phone closer to the music and try again.",
        EmptyCatalog = "My music catalog is empty right now, so I have nothing to recommend yet.",
        NotReady = "My music catalog isn't ready yet: its songs haven't been sorted into themes. Please try again a little later.",
        NotFound = "I can't find that any more — it may have changed. Please try again.",
        Unavailable = "Recommendations are unavailable right now. Please try again later.",
        DatabaseDown = "My database is unreachable right now. Please try again in a few minutes.",
        Apology = "Sorry — something went wrong on my side. Please try again in a moment.",
        PickTheme = "Pick a theme:",
        PickThemeOrFeeling = "Happy to! Tell me how you feel and I'll match it, or pick a theme:",
        YouSound = e => $"You sound {e}.",
        YouFeel = e => $"Got it — you feel {e}.",
        CannotTell = "I can't quite tell how you feel. Which is closest?",
        NotRight = "Not quite right? Tap how you feel:",
        Noted = "Thanks — noted.",
        LiftMood = "🌤 Lift my mood",
        LiftingFrom = e => $"🌤 From {e} toward brighter music:",
        MoreLikeThis = "More like this",
        MapButton = "🗺 Map",
        MatchedAt = t => $"matched at {t}",
        ClosestAt = t => $"closest at {t}",
        Recognised = (song, at) => $"🎧 Found it: {song}, from {at}. Here it is with songs that sound like it:",
        NoCloseMatch = "I couldn't find this exact song in my catalog — here is what sounds closest to it.",
        MapCaption = "The catalog map: each dot is a track, colours are themes.",
        SimilarUsage = "Write a song's name after the command, e.g. <code>/similar Yesterday</code>.",
        NoTrackFound = q => $"I couldn't find “{q}” in the catalog.",
        WhichTrack = "Several songs fit — which one do you mean?",
        LikeTrack = t => $"Tracks like {t}:",
        Forgotten = (n, hours) => $"Done: I deleted everything I kept about this chat ({n} records — handled message ids, chosen themes and feedback). " +
            $"Only the ids of this /forget message and of my reply stay, so that a message Telegram delivers again is not answered twice; they are deleted {hours:0.#} hours after your message. I never store your messages or audio.",
        AdminOnly = "This command is only for the bot's admins.",
        Stats = s => $"<b>Stats</b>\nupdates handled: {s.HandledUpdates} (pending {s.PendingUpdates})\nchats: {s.Chats}\nreplies sent: {s.RepliesSent}\n" +
                     $"theme choices: {s.ThemeChoices}\nfeedback: {(s.FeedbackByKind.Count == 0 ? "none" : string.Join(", ", s.FeedbackByKind.Select(kv => $"{kv.Key} {kv.Value}")))}",
        ButtonExpired = "This button has expired.",
        ConsoleWelcome = "TuneBot console chat (no Telegram token configured). Type how you feel, /mood, /help, or the path of an audio file. Ctrl+D quits.",
        ConsoleButtonsHint = "(type a button's number or label to press it)",
        ConsoleFileNotFound = path => $"file not found: {path}",
        EmotionNames = new Dictionary<string, string>
        {
            ["happy"] = "happy", ["sad"] = "sad", ["angry"] = "angry", ["anxious"] = "anxious", ["neutral"] = "calm",
        },
    };

    public static readonly Strings Korean = new()
    {
        Code = "ko",
        Start = "🎵 <b>TuneBot</b>은 소리와 기분으로 음악을 찾아 드려요.\n" +
                "재생 중인 좋아하는 노래를 음성 메시지로 녹음해 보내거나 지금 기분을 적어 주세요.\n\n" +
                "<i>예:</i> 후렴을 10초 녹음하거나 “내일 발표 때문에 불안해”라고 써 보세요.",
        Hello = "안녕하세요! 👋 재생 중인 노래를 10초쯤 음성 메시지로 녹음해 보내 주시면 비슷하게 들리는 곡을 찾아 드려요. " +
                "지금 기분을 적어 주셔도 돼요. 예: “내일 발표 때문에 불안해”.",
        NoFeeling = "👍 언제든지요. 지금 기분을 말해 주시면(“오늘 좀 우울해”) 어울리는 음악을 찾아 드릴게요. 노래를 음성 메시지로 보내 주셔도 돼요.",
        Help = "<b>할 수 있는 일</b>\n" +
               "🎙 음성 메시지, 오디오 파일, 동그란 영상 (20MB 이하) → 비슷하게 들리는 곡\n" +
               "💬 기분을 적은 문장 → 기분에 맞는 플레이리스트\n" +
               "/mood — 테마 고르기\n/similar <i>제목</i> — 카탈로그 곡과 비슷한 곡\n/map — 카탈로그 지도\n" +
               "/forget — 이 대화에 대해 저장한 모든 것 삭제\n/help — 이 도움말",
        MenuStart = "TuneBot 소개",
        MenuHelp = "할 수 있는 일",
        MenuMood = "테마 고르기",
        MenuMap = "카탈로그 지도",
        MenuSimilar = "비슷한 곡: /similar 제목",
        MenuForget = "저장된 내 정보 삭제",
        TooLarge = mb => $"파일이 {mb}MB보다 커서 텔레그램에서 내려받을 수 없어요. 10~30초면 충분하니 더 짧게 보내 주세요.",
        NotAudioDocument = "오디오 파일이 아니에요. 음성 메시지, 오디오 파일이나 동그란 영상을 보내 주세요.",
        DownloadFailed = "파일을 내려받지 못했어요. 다시 보내 주세요.",
        UnsupportedMessage = "음성 메시지, 오디오 파일, 동그란 영상, 글을 이해할 수 있어요. /help 를 눌러 보세요.",
        NotAudio = "파일에서 소리를 찾지 못했어요. 음성 메시지나 오디오 파일을 보내 주세요.",
        CorruptAudio = "오디오를 읽을 수 없어요. 파일이 손상된 것 같아요. 다시 녹음해 주시겠어요?",
        TooShort = "너무 짧아서 알아들을 수 없어요. 몇 초 이상 보내 주세요.",
        Silent = "조용한 소리만 들려요. 음악 가까이에서 다시 녹음해 주세요.",
        EmptyCatalog = "지금은 음악 카탈로그가 비어 있어서 추천할 곡이 없어요.",
        NotReady = "음악 카탈로그가 아직 준비되지 않았어요. 곡을 테마별로 정리하기 전이에요. 잠시 후에 다시 시도해 주세요.",
        NotFound = "찾을 수 없어요. 바뀌었을 수 있으니 다시 시도해 주세요.",
        Unavailable = "지금은 추천을 할 수 없어요. 잠시 후 다시 시도해 주세요.",
        DatabaseDown = "지금 데이터베이스에 연결할 수 없어요. 몇 분 뒤에 다시 시도해 주세요.",
        Apology = "죄송해요, 제 쪽에서 문제가 생겼어요. 잠시 후 다시 시도해 주세요.",
        PickTheme = "테마를 골라 주세요:",
        PickThemeOrFeeling = "좋아요! 지금 기분을 말씀해 주시면 거기에 맞춰 드릴게요. 아니면 테마를 골라 주세요:",
        YouSound = e => $"지금 {e} 감정이 느껴져요.",
        YouFeel = e => $"알겠어요 — {e} 기분이군요.",
        CannotTell = "기분을 잘 모르겠어요. 어느 쪽에 가까운가요?",
        NotRight = "아닌가요? 지금 기분을 골라 주세요:",
        Noted = "고마워요, 반영했어요.",
        LiftMood = "🌤 기분 전환",
        LiftingFrom = e => $"🌤 {e}에서 밝은 음악으로:",
        MoreLikeThis = "비슷한 곡 더 보기",
        MapButton = "🗺 지도",
        MatchedAt = t => $"{t} 부분과 일치",
        ClosestAt = t => $"{t} 부분이 가장 비슷",
        Recognised = (song, at) => $"🎧 찾았어요: {song} ({at} 부분). 이 곡과 비슷하게 들리는 곡들이에요:",
        NoCloseMatch = "카탈로그에서 이 곡을 정확히 찾지 못했어요. 가장 비슷하게 들리는 곡들이에요.",
        MapCaption = "카탈로그 지도: 점 하나가 곡 하나, 색은 테마예요.",
        SimilarUsage = "명령 뒤에 노래 제목을 적어 주세요. 예: <code>/similar Yesterday</code>",
        NoTrackFound = q => $"카탈로그에서 “{q}”을(를) 찾지 못했어요.",
        WhichTrack = "여러 곡이 맞아요. 어느 곡인가요?",
        LikeTrack = t => $"{t}와(과) 비슷한 곡:",
        Forgotten = (n, hours) => $"삭제했어요: 이 대화에 대해 저장한 모든 것({n}건 — 처리한 메시지 번호, 고른 테마, 피드백)을 지웠어요. " +
            $"이 /forget 메시지와 제 답장의 번호만 남는데, 텔레그램이 같은 메시지를 다시 보내도 두 번 답하지 않기 위해서이며 보내신 뒤 {hours:0.#}시간이 지나면 지워져요. 메시지 내용과 오디오는 원래 저장하지 않아요.",
        AdminOnly = "이 명령은 관리자만 쓸 수 있어요.",
        Stats = s => $"<b>통계</b>\n처리한 업데이트: {s.HandledUpdates} (대기 {s.PendingUpdates})\n대화: {s.Chats}\n보낸 답장: {s.RepliesSent}\n" +
                     $"테마 선택: {s.ThemeChoices}\n피드백: {(s.FeedbackByKind.Count == 0 ? "없음" : string.Join(", ", s.FeedbackByKind.Select(kv => $"{kv.Key} {kv.Value}")))}",
        ButtonExpired = "만료된 버튼이에요.",
        ConsoleWelcome = "TuneBot 콘솔 대화 (텔레그램 토큰 없음). 기분, /mood, /help 또는 오디오 파일 경로를 입력하세요. Ctrl+D 로 종료.",
        ConsoleButtonsHint = "(버튼 번호나 이름을 입력하면 눌러져요)",
        ConsoleFileNotFound = path => $"파일을 찾을 수 없어요: {path}",
        EmotionNames = new Dictionary<string, string>
        {
            ["happy"] = "기쁨", ["sad"] = "슬픔", ["angry"] = "분노", ["anxious"] = "불안", ["neutral"] = "평온",
        },
    };
}
