#!/usr/bin/env python3
"""Writes Tests/AgentTests/Fixtures/{gqa,refcoco,nextqa}: hand-written samples of the GQA,
RefCOCO and NExT-QA formats over Shapes world scenes, so `loupe eval` can read and score each
format offline with the oracle. The entries below are written by hand; the images, scene files
and clips come from `loupe shapes --seed 3 --count 30 --video --out SHAPES` (pass SHAPES).
Images for GQA and RefCOCO are converted to JPEG (as those datasets ship) with ffmpeg; each
keeps its scene file beside it, named like the image, which is what the oracle reads.

usage: scripts/make_agent_fixtures.py SHAPES_DIR
"""
import json
import os
import shutil
import subprocess
import sys

shapes = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "AgentTests", "Fixtures")
questions = {json.loads(l)["id"]: json.loads(l) for l in open(os.path.join(shapes, "questions.jsonl"))}


def program(index):
    return questions["shapes-3-%05d" % index]["program"]


def jpeg(scene_index, folder, name):
    os.makedirs(folder, exist_ok=True)
    src = os.path.join(shapes, "images", "scene_%05d" % scene_index)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", src + ".png", "-q:v", "2",
                    os.path.join(folder, name + ".jpg")], check=True)
    shutil.copyfile(src + ".json", os.path.join(folder, name + ".json"))


def write_jsonl(path, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(row if isinstance(row, str) else json.dumps(row))
            f.write("\n")


# GQA: the official layout (one JSON object keyed by question id).
gqa = os.path.join(root, "gqa")
for index, image in [(0, "n0000"), (1, "n0001"), (2, "n0002"), (7, "n0007")]:
    jpeg(index, os.path.join(gqa, "images"), image)
gqa_questions = {
    "201000": {"imageId": "n0000", "question": "Is there a small yellow star?", "answer": "yes",
               "fullAnswer": "Yes, there is a small yellow star.", "types": {"structural": "verify", "semantic": "obj", "detailed": "existThat"}},
    "201001": {"imageId": "n0001", "question": "How many stars are there?", "answer": "three",
               "fullAnswer": "There are three stars.", "types": {"structural": "query", "semantic": "obj", "detailed": "count"}},
    "201002": {"imageId": "n0002", "question": "What color is the star?", "answer": "cyan",
               "fullAnswer": "The star is cyan.", "types": {"structural": "query", "semantic": "attr", "detailed": "colorObj"}},
    "201003": {"imageId": "n0007", "question": "What color is the object closest to the diamond?", "answer": "yellow",
               "fullAnswer": "The object is yellow.", "types": {"structural": "query", "semantic": "rel", "detailed": "relS"}},
    "201004": {"imageId": "n0007", "question": "Is the diamond green?",
               "types": {"structural": "verify", "semantic": "attr", "detailed": "verifyAttr"}},
}
with open(os.path.join(gqa, "questions.json"), "w") as f:
    json.dump(gqa_questions, f, indent=1)
write_jsonl(os.path.join(gqa, "replay.jsonl"), [
    {"id": "201000", "program": program(0)},
    {"id": "201001", "program": program(1)},
    {"id": "201002", "program": program(2)},
    # Deliberately wrong: asks for the farthest object, so the answer does not match.
    {"id": "201003", "program": program(7).replace("get_patch_closest_to_anchor_object", "get_patch_farthest_to_anchor_object")},
])

# RefCOCO: one referred object a line, COCO [x, y, width, height] boxes.
refcoco = os.path.join(root, "refcoco")
jpeg(9, os.path.join(refcoco, "images"), "COCO_train2014_000000000009")
jpeg(24, os.path.join(refcoco, "images"), "COCO_train2014_000000000024")
box9 = questions["shapes-3-00009"]["answer"]
box24 = questions["shapes-3-00024"]["answer"]
write_jsonl(os.path.join(refcoco, "refs.jsonl"), [
    {"ref_id": 9001, "file_name": "COCO_train2014_000000000009.jpg", "split": "testA",
     "bbox": [box9[0], box9[1], box9[2] - box9[0], box9[3] - box9[1]],
     "sentences": [{"sent": "the small diamond below the small green object"}, {"sent": "small diamond under the green one"}]},
    {"ref_id": 9002, "file_name": "COCO_train2014_000000000024.jpg", "split": "testB",
     "bbox": [box24[0], box24[1], box24[2] - box24[0], box24[3] - box24[1]],
     "sentences": ["the star to the left of the large diamond"]},
    {"ref_id": 9003, "file_name": "COCO_train2014_000000000024.jpg", "split": "testB",
     "bbox": [box24[0], box24[1], box24[2] - box24[0], box24[3] - box24[1]],
     "sentences": ["the star left of the big diamond"]},
    '{"ref_id": 9004, "file_name": "COCO_train2014_000000000024.jpg", "bbox": [1, 2, 3], "sentences": ["a broken line"]}',
])
write_jsonl(os.path.join(refcoco, "replay.jsonl"), [
    {"id": "9001-0", "program": program(9)},
    {"id": "9001-1", "program": program(9)},
    {"id": "9002", "program": program(24)},
    # Deliberately wrong: returns the whole image, whose IoU with the star is far below 0.5.
    {"id": "9003", "program": "def execute_command(image):\n    return ImagePatch(image)\n"},
])

# NExT-QA: the multiple-choice CSV; clips are folders of frames under videos/.
nextqa = os.path.join(root, "nextqa")
for index, video in [(14, "4010069381"), (29, "4882821564")]:
    target = os.path.join(nextqa, "videos", video)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(os.path.join(shapes, "videos", "video_%05d" % index), target)
rows = ["video,frame_count,width,height,question,answer,qid,type,a0,a1,a2,a3,a4"]
for index, video, qid, kind in [(14, "4010069381", 3, "TC"), (29, "4882821564", 7, "TN")]:
    q = questions["shapes-3-%05d" % index]
    rows.append(",".join([video, "12", "224", "224", '"%s"' % q["question"], str(q["options"].index(q["answer"])), str(qid), kind]
                         + ['"%s"' % o for o in q["options"]]))
rows.append('4882821564,12,224,224,"What happens to the red square, in the end?",7,8,TN,a,b,c,d,e')
rows.append('9999999999,12,224,224,"What happens to the blue circle?",0,1,CW,"it enters the scene",b,c,d,e')
with open(os.path.join(nextqa, "val.csv"), "w") as f:
    f.write("\n".join(rows) + "\n")
write_jsonl(os.path.join(nextqa, "replay.jsonl"), [
    {"id": "4010069381_3", "program": program(14)},
    {"id": "4882821564_7", "program": program(29)},
    {"id": "9999999999_1", "program": program(14)},
])
