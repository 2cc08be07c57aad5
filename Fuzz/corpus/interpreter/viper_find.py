def execute_command(image):
    image_patch = ImagePatch(image)
    people = image_patch.find('person')
    if len(people) == 0:
        return 'no'
    people.sort(key=lambda p: p.horizontal_center)
    return 'yes' if people[0].verify_property('person', 'tall') else 'no'
